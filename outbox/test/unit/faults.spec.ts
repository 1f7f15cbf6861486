/** Failure injection: which messages a rule covers, what each action decides, and the rules a service refuses. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { fixture } from '@switchyard/contracts';
import { createLogger, type Tx } from '@switchyard/infra';
import {
  createFaultInjector,
  FaultRuleError,
  messageFacts,
  readFaultRules,
  ruleMatches,
  type FaultInjectorOptions,
  type FaultRuleInput,
  type MessageContext,
} from '@switchyard/outbox';

const log = createLogger({ name: 'faults-test', level: 'silent' });
const DEBIT = 'upi.ReqPay.DEBIT.v1';
const REVERSAL = 'upi.ReqPay.REVERSAL.v1';
const debit = fixture(DEBIT); // asha@zap (100000000001) → vikram@kite, ₹250.00
const reversal = fixture(REVERSAL); // DEBIT reversal of account 100000000001, ₹250.00
const delivery = { messageId: '01J00000000000000000000000', copy: false };

const injector = (rules: FaultRuleInput[], extra: Partial<FaultInjectorOptions> = {}) =>
  createFaultInjector({
    participant: 'bank.lotus',
    handledTypes: [DEBIT, REVERSAL, 'upi.ReqPay.CREDIT.v1'],
    responders: { [DEBIT]: async () => undefined },
    rules,
    log,
    ...extra,
  });

describe('faults: rule matching', () => {
  const facts = messageFacts(debit);

  it('reads the payer and payee VPAs and accounts, the amount and a reversal leg from any message', () => {
    expect(facts).to.deep.include({ type: DEBIT, amountMinor: 25_000 });
    expect(facts.vpas).to.include.members(['asha@zap', 'vikram@kite']);
    expect(facts.accounts).to.include('100000000001');
    expect(messageFacts(reversal)).to.deep.include({ subType: 'DEBIT', accounts: ['100000000001'] });
  });

  it('matches on type (or *), reversal leg, VPA (any case), account, exact amount and paise part', () => {
    const cases: Array<[Partial<FaultRuleInput>, boolean]> = [
      [{ type: DEBIT }, true],
      [{ type: '*' }, true],
      [{ type: 'upi.ReqPay.CREDIT.v1' }, false],
      [{ type: DEBIT, vpa: 'Vikram@Kite' }, true],
      [{ type: DEBIT, vpa: 'ravi@kite' }, false],
      [{ type: DEBIT, account: '100000000001' }, true],
      [{ type: DEBIT, account: '100000000002' }, false],
      [{ type: DEBIT, amountMinor: 25_000 }, true],
      [{ type: DEBIT, amountMinor: 25_001 }, false],
      [{ type: DEBIT, paise: 0 }, true],
      [{ type: DEBIT, paise: 71 }, false],
    ];
    for (const [scope, expected] of cases)
      expect(
        ruleMatches({ action: 'drop', ...scope } as FaultRuleInput, facts),
        JSON.stringify(scope),
      ).to.equal(expected);
    const reversalFacts = messageFacts(reversal);
    expect(ruleMatches({ type: REVERSAL, subType: 'DEBIT', action: 'drop' }, reversalFacts)).to.equal(true);
    expect(ruleMatches({ type: REVERSAL, subType: 'CREDIT', action: 'drop' }, reversalFacts)).to.equal(false);
  });
});

describe('faults: the injector', () => {
  it('fires the first matching rule at most `count` times and counts its firings', async () => {
    const faults = injector([]);
    const rule = faults.add({ type: DEBIT, action: 'drop', count: 2 });
    const kinds = [];
    for (let i = 0; i < 3; i += 1) kinds.push((await faults.intercept(debit, delivery)).kind);
    expect(kinds).to.deep.equal(['drop', 'drop', 'handle']);
    expect(faults.list()).to.deep.equal([{ ...rule, fired: 2 }]);
  });

  it('fires on the given fraction of matching traffic', async () => {
    let roll = 0;
    const rolls = [0.1, 0.6, 0.49, 0.9];
    const faults = injector([], { random: () => rolls[roll++] });
    faults.add({ type: DEBIT, action: 'drop', fraction: 0.5 });
    const kinds = [];
    for (let i = 0; i < rolls.length; i += 1) kinds.push((await faults.intercept(debit, delivery)).kind);
    expect(kinds).to.deep.equal(['drop', 'handle', 'drop', 'handle']);
  });

  it('marks duplicates, but never duplicates or drops the copy it made', async () => {
    const faults = injector([{ type: DEBIT, action: 'duplicate' }]);
    expect(await faults.intercept(debit, delivery)).to.deep.equal({ kind: 'handle', duplicate: true });
    expect(await faults.intercept(debit, { ...delivery, copy: true })).to.deep.equal({
      kind: 'handle',
      duplicate: false,
    });
  });

  it('holds a delayed delivery for a time between delayMs and delayMsMax, then handles it', async () => {
    const slept: number[] = [];
    const faults = injector([{ type: DEBIT, action: 'delay', delayMs: 1000, delayMsMax: 3000 }], {
      random: () => 0.5,
      sleep: async (ms) => void slept.push(ms),
    });
    expect((await faults.intercept(debit, delivery)).kind).to.equal('handle');
    expect(slept).to.deep.equal([2000]);
  });

  it('answers through the responder with the rule code instead of the handler', async () => {
    const answered: string[] = [];
    const faults = injector([{ type: DEBIT, action: 'respond', code: 'XY' }], {
      responders: { [DEBIT]: async (_tx, _m, _c, code) => void answered.push(code) },
    });
    const interception = await faults.intercept(debit, delivery);
    if (interception.kind !== 'replace') throw new Error(`expected replace, got ${interception.kind}`);
    let handled = false;
    const handle = interception.replace(async () => {
      handled = true;
    });
    await handle({} as Tx, debit, {} as MessageContext);
    expect({ answered, handled }).to.deep.equal({ answered: ['XY'], handled: false });
  });

  it('kills the process on a crash rule and never lets the delivery finish', async () => {
    let killed = 0;
    const faults = injector([{ type: '*', action: 'crash', count: 1 }], { kill: () => void (killed += 1) });
    const outcome = await Promise.race([
      faults.intercept(debit, delivery).then(() => 'finished'),
      new Promise((resolve) => setTimeout(() => resolve('pending'), 50)),
    ]);
    expect({ killed, outcome }).to.deep.equal({ killed: 1, outcome: 'pending' });
  });

  it('refuses rules that cannot apply here, and leaves config rules for other participants out', () => {
    const faults = injector([{ type: 'upi.ReqAuthDetails.v1', action: 'drop' }]);
    expect(faults.list()).to.deep.equal([]);
    const refused: Array<Partial<FaultRuleInput>> = [
      { type: 'upi.ReqAuthDetails.v1', action: 'drop' },
      { type: DEBIT, action: 'respond' },
      { type: DEBIT, action: 'respond', code: '00' },
      { type: 'upi.ReqPay.CREDIT.v1', action: 'respond', code: 'Y1' },
      { type: DEBIT, action: 'drop', code: '96' },
      { type: DEBIT, action: 'delay' },
      { type: DEBIT, action: 'delay', delayMs: 10, delayMsMax: 5 },
      { type: DEBIT, action: 'drop', subType: 'DEBIT' },
      { type: DEBIT, action: 'drop', fraction: 2 },
      { type: DEBIT, action: 'explode' } as unknown as FaultRuleInput,
    ];
    for (const rule of refused)
      expect(() => faults.add(rule as FaultRuleInput), JSON.stringify(rule)).to.throw(FaultRuleError);
  });

  it('lists, removes one and clears all', () => {
    const faults = injector([{ type: DEBIT, action: 'drop', note: 'seeded' }]);
    const added = faults.add({ type: REVERSAL, action: 'duplicate' });
    expect(faults.list().map((r) => [r.id, r.source])).to.deep.equal([
      ['f1', 'config'],
      [added.id, 'api'],
    ]);
    expect(faults.remove('f1')).to.equal(true);
    expect(faults.remove('f1')).to.equal(false);
    expect(faults.clear()).to.equal(1);
    expect(faults.list()).to.deep.equal([]);
  });
});

describe('faults: SY_FAULTS', () => {
  it('reads a JSON array, a file path, or nothing, and refuses what does not fit the schema', () => {
    expect(readFaultRules(undefined)).to.deep.equal([]);
    expect(readFaultRules(' ')).to.deep.equal([]);
    expect(readFaultRules('[{"type":"upi.ReqPay.DEBIT.v1","action":"drop","count":1}]')).to.deep.equal([
      { type: DEBIT, action: 'drop', count: 1 },
    ]);
    const file = join(mkdtempSync(join(tmpdir(), 'faults-')), 'rules.json');
    writeFileSync(file, '[{"type":"*","action":"duplicate","fraction":0.1}]');
    expect(readFaultRules(file)).to.deep.equal([{ type: '*', action: 'duplicate', fraction: 0.1 }]);
    expect(() => readFaultRules('[{"type":"upi.ReqPay.DEBIT.v1","action":"explode"}]')).to.throw(
      FaultRuleError,
    );
    expect(() => readFaultRules('/nonexistent/faults.json')).to.throw(FaultRuleError);
  });
});
