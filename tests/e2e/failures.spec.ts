/**
 * Every row of the reversal table (docs/failures.md, docs/upi.md §6.1) reproduced on the running network by the
 * magic amounts every bank starts with, with short timers; then a late answer, duplicates and a crash set
 * through the operator API. Each row asserts what the payer's PSP and the payee's PSP end with, the codes
 * on the legs, and both balances.
 *
 * Uncertain outcomes (REVERSAL_UNKNOWN, STUCK, DEEMED) are then resolved within their window (docs/upi.md §6.5):
 * each such row also says what the switch, both PSPs and the balances end with once it is resolved.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import type { PaymentView } from '@switchyard/psp';
import { checkInvariants, faultsClient, loadDemoCustomers, onboard, type Onboarded } from '@switchyard/tools';
import { startTestNetwork, type TestNetwork } from './support/testNetwork.ts';
import { TEST_PIN } from './support/extraCustomers.ts';
import { bankBalance } from './support/banks.ts';

const TIMERS = {
  SY_AUTH_TIMEOUT_MS: '2000',
  SY_DEBIT_TIMEOUT_MS: '2000',
  SY_CREDIT_TIMEOUT_MS: '2000',
  SY_DEBIT_REVERSAL_TIMEOUT_MS: '1500',
  SY_CREDIT_REVERSAL_TIMEOUT_MS: '1500',
  SY_SWEEPER_INTERVAL_MS: '100',
  SY_CREDIT_CHECK_TIMEOUT_MS: '1500',
  SY_AUTO_REVERSAL_TIMEOUT_MS: '1500',
  SY_RESOLUTION_BACKOFF_MAX_MS: '3000',
  SY_DEEMED_WINDOW_MS: '120000',
  // Every row injects technical declines or silence at one of two banks: the breakers (tested on their own in
  // switch/test/int/switchBreakers.spec.ts) would decline later rows U90/U91 at once.
  SY_BREAKER_VOLUME_MIN: '10000',
};

type Row = {
  amount: string;
  what: string;
} & (Settled | Uncertain);

/** A row whose first final answer is final: what both PSPs end with and the money. */
type Settled = {
  resolved?: undefined;
  /** What the payer's PSP ends with: status, errCode, the payer leg's code, the payee leg's code. */
  payer: [string, string | null, string | undefined, string | undefined];
  /** What the payee's PSP ends with: status and errCode. */
  payee: [string, string | null];
  /** Balance changes in paise: payer, payee. */
  moved: [number, number];
};

/**
 * A row whose first answer is uncertain (REVERSAL_UNKNOWN, STUCK, DEEMED): that answer (final status and
 * errCode, from the switch's log: a PSP may already hold the resolved one), then the switch's status, both
 * PSPs and the money once it is resolved in its window.
 */
type Uncertain = {
  uncertain: [string, string];
  resolved: {
    status: 'SUCCESS' | 'FAILED' | 'REVERSED';
    payer: Settled['payer'];
    payee: Settled['payee'];
    moved: [number, number];
  };
};

const ROWS: Row[] = [
  {
    amount: '1.61',
    what: 'debit declined XY (technical)',
    payer: ['FAILURE', 'U30', 'XY', undefined],
    payee: ['FAILURE', 'U30'],
    moved: [0, 0],
  },
  {
    amount: '1.71',
    what: 'debit never answered, reversal answered ND',
    payer: ['FAILURE', 'U67', 'UT', undefined],
    payee: ['FAILURE', 'U67'],
    moved: [0, 0],
  },
  {
    amount: '1.72',
    what: 'debit answer lost, reversal answered 00',
    payer: ['FAILURE', 'U67', 'UT', undefined],
    payee: ['FAILURE', 'U67'],
    moved: [0, 0],
  },
  {
    amount: '1.73',
    what: 'debit never answered, reversal answered OD',
    payer: ['FAILURE', 'U67', 'UT', undefined],
    payee: ['FAILURE', 'U67'],
    moved: [0, 0],
  },
  {
    amount: '1.74',
    what: 'debit answer lost, reversal never answered (RR)',
    uncertain: ['FAILURE', 'U67'],
    resolved: {
      status: 'REVERSED',
      payer: ['FAILURE', 'U67', 'RR', undefined],
      payee: ['FAILURE', 'U67'],
      moved: [0, 0],
    },
  },
  {
    amount: '1.75',
    what: 'debit answer lost, reversal fails 96 (U33)',
    uncertain: ['FAILURE', 'U33'],
    resolved: {
      status: 'REVERSED',
      payer: ['FAILURE', 'U67', 'UT', undefined],
      payee: ['FAILURE', 'U67'],
      moved: [0, 0],
    },
  },
  {
    amount: '1.81',
    what: 'credit declined Y1, debit reversed',
    payer: ['FAILURE', 'U31', '00', 'Y1'],
    payee: ['FAILURE', 'U31'],
    moved: [0, 0],
  },
  {
    amount: '1.82',
    what: 'credit declined Y1, debit reversal fails 96 (U33)',
    uncertain: ['FAILURE', 'U33'],
    resolved: {
      status: 'REVERSED',
      payer: ['FAILURE', 'U31', '00', 'Y1'],
      payee: ['FAILURE', 'U31'],
      moved: [0, 0],
    },
  },
  {
    amount: '1.84',
    what: 'credit never answered, credit reversal NC, debit reversed',
    payer: ['FAILURE', 'U68', '00', 'BT'],
    payee: ['FAILURE', 'U68'],
    moved: [0, 0],
  },
  {
    amount: '1.85',
    what: 'credit answer lost, credit reversal 00, debit reversed',
    payer: ['FAILURE', 'U68', '00', 'BT'],
    payee: ['FAILURE', 'U68'],
    moved: [0, 0],
  },
  {
    amount: '1.86',
    what: 'credit never answered, credit reversal OC, debit reversed',
    payer: ['FAILURE', 'U68', '00', 'BT'],
    payee: ['FAILURE', 'U68'],
    moved: [0, 0],
  },
  {
    amount: '1.87',
    what: 'credit answer lost, credit reversal CS: success',
    payer: ['SUCCESS', null, '00', '00'],
    payee: ['SUCCESS', null],
    moved: [-187, 187],
  },
  {
    amount: '1.88',
    what: 'credit answer lost, credit reversal 96: deemed',
    uncertain: ['DEEMED', '96'],
    resolved: {
      status: 'SUCCESS',
      payer: ['SUCCESS', null, '00', '00'],
      payee: ['SUCCESS', null],
      moved: [-188, 188],
    },
  },
  {
    amount: '1.89',
    what: 'credit answer lost, credit reversal never answered (RB): deemed',
    uncertain: ['DEEMED', 'RB'],
    resolved: {
      status: 'SUCCESS',
      payer: ['SUCCESS', null, '00', '00'],
      payee: ['SUCCESS', null],
      moved: [-189, 189],
    },
  },
  {
    amount: '1.90',
    what: 'credit never answered, credit reversal never answered (RB): deemed',
    uncertain: ['DEEMED', 'RB'],
    resolved: {
      status: 'REVERSED',
      payer: ['FAILURE', 'U34', '00', 'BT'],
      payee: ['FAILURE', 'U34'],
      moved: [0, 0],
    },
  },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('e2e: failures — the reversal table by magic amounts, late answers, duplicates, crashes', function () {
  this.timeout(300_000);
  let net: TestNetwork;
  const people = new Map<string, Onboarded>();

  before(async () => {
    const customers = loadDemoCustomers();
    net = await startTestNetwork({ customers, env: TIMERS });
    for (const customer of customers)
      people.set(
        customer.vpaUser,
        await onboard(net.clients.get(customer.psp)!, customer, { phones: net.phones, pin: TEST_PIN }),
      );
  });
  after(async () => {
    await net?.stop();
  });

  const balance = (who: string) => bankBalance(net, people.get(who)!.customer);
  const faultsOf = (participant: string) =>
    faultsClient(net.urlOf(participant), net.operatorKey(participant));

  /** Pays, waits for the payer's final answer, then for the payee PSP's record of it. */
  const pay = async (from: string, to: string, amount: string) => {
    const payer = people.get(from)!;
    const payee = people.get(to);
    const { txnId } = await payer.client.pay(payer.session, {
      payerVpa: payer.vpa,
      payeeVpa: payee?.vpa ?? to,
      amount,
      pin: TEST_PIN,
    });
    const final = await payer.client.waitForFinal(payer.session, txnId, { timeoutMs: 60_000, via: 'poll' });
    let seen: PaymentView | undefined;
    for (let i = 0; payee && i < 200 && seen?.status !== final.status; i += 1) {
      seen = await payee.client.getPayment(payee.session, txnId).catch(() => undefined);
      if (seen?.status !== final.status) await sleep(100);
    }
    return { txnId, final, payeeView: seen };
  };

  const legCode = (view: PaymentView, type: 'PAYER' | 'PAYEE') =>
    view.legs.find((l) => l.type === type)?.respCode;

  /** The switch's status of a payment (operator API). */
  const switchStatus = async (txnId: string): Promise<string> => {
    const response = await fetch(`${net.urlOf('switch')}/v1/payments/${txnId}`, {
      headers: { 'x-operator-key': net.operatorKey('switch') },
    });
    return ((await response.json()) as { status: string }).status;
  };

  /** The final answer each PSP holds now (a resolution re-sends it when the UPI status or its code changes). */
  const views = async (txnId: string, to: string) => {
    const payer = people.get('asha')!;
    const payee = people.get(to)!;
    return {
      payer: await payer.client.getPayment(payer.session, txnId),
      payee: await payee.client.getPayment(payee.session, txnId),
    };
  };

  /** The switch's first final answer of a payment, from its event log: [final status, errCode]. */
  const firstAnswer = async (txnId: string): Promise<[string, string | null]> => {
    const response = await fetch(`${net.urlOf('switch')}/v1/payments/${txnId}`, {
      headers: { 'x-operator-key': net.operatorKey('switch') },
    });
    const { events } = (await response.json()) as {
      events: Array<{ type: string; finalStatus?: string; errCode?: string }>;
    };
    const completed = events.find((event) => event.type === 'PaymentCompleted');
    return [completed?.finalStatus ?? 'none', completed?.errCode ?? null];
  };

  for (const row of ROWS) {
    it(`₹${row.amount}: ${row.what}${row.resolved ? `, resolved ${row.resolved.status}` : ''}`, async () => {
      const before = [await balance('asha'), await balance('vikram')];
      const { txnId, final, payeeView } = await pay('asha', 'vikram', row.amount);
      if (row.resolved === undefined) {
        const after = [await balance('asha'), await balance('vikram')];
        expect(
          [final.status, final.errCode, legCode(final, 'PAYER'), legCode(final, 'PAYEE')],
          "the payer's PSP",
        ).to.deep.equal(row.payer);
        expect([payeeView?.status, payeeView?.errCode], "the payee's PSP").to.deep.equal(row.payee);
        expect([after[0] - before[0], after[1] - before[1]], 'balances moved').to.deep.equal(row.moved);
        return;
      }
      // An uncertain answer is resolved soon after (credit check, retries, auto-reversal): what a PSP polls
      // may already be the resolved answer, so the uncertain one is read from the switch's event log.
      // Resolved within its window (a bound, not a speed: the window in TIMERS is far longer).
      let status = await switchStatus(txnId);
      for (let i = 0; i < 600 && status !== row.resolved.status; i += 1) {
        await sleep(100);
        status = await switchStatus(txnId);
      }
      expect(status, 'the switch resolved it').to.equal(row.resolved.status);
      expect(await firstAnswer(txnId), 'the uncertain answer it gave first').to.deep.equal(row.uncertain);
      // Both PSPs hear of the resolution after the switch records it: wait until each holds the ended status
      // and code (or give up after 10 s and let the assertions say what they hold).
      const settled = (view: PaymentView, [status, errCode]: [string, string | null | undefined]) =>
        view.status === status && (view.errCode ?? null) === errCode;
      let now = await views(txnId, 'vikram');
      for (
        let i = 0;
        i < 100 &&
        !(
          settled(now.payee, row.resolved.payee) &&
          settled(now.payer, row.resolved.payer.slice(0, 2) as [string, string | null])
        );
        i += 1
      ) {
        await sleep(100);
        now = await views(txnId, 'vikram');
      }
      const resolvedBalances = [await balance('asha'), await balance('vikram')];
      expect(
        [now.payer.status, now.payer.errCode, legCode(now.payer, 'PAYER'), legCode(now.payer, 'PAYEE')],
        "the payer's PSP once resolved",
      ).to.deep.equal(row.resolved.payer);
      expect([now.payee.status, now.payee.errCode], "the payee's PSP once resolved").to.deep.equal(
        row.resolved.payee,
      );
      expect(
        [resolvedBalances[0] - before[0], resolvedBalances[1] - before[1]],
        'balances once resolved',
      ).to.deep.equal(row.resolved.moved);
    });
  }

  it('fails address resolution for the magic payee VPAs: never answered (U27), UX, ZE', async () => {
    const outcomes = [];
    for (const vpa of ['fault.noanswer@kite', 'fault.expired@kite', 'fault.blocked@kite']) {
      const { final } = await pay('asha', vpa, '1.00');
      outcomes.push([vpa, final.status, final.errCode, legCode(final, 'PAYEE')]);
    }
    expect(outcomes).to.deep.equal([
      ['fault.noanswer@kite', 'FAILURE', 'U27', 'UP'],
      ['fault.expired@kite', 'FAILURE', 'U29', 'UX'],
      ['fault.blocked@kite', 'FAILURE', 'U29', 'ZE'],
    ]);
  });

  it('records a late answer after its timeout: the debit held past its timer is refused (XB), recorded U70', async () => {
    const lotus = faultsOf('bank.lotus');
    const rule = await lotus.add({
      type: 'upi.ReqPay.DEBIT.v1',
      action: 'delay',
      delayMs: 4000,
      amountMinor: 301,
      count: 1,
    });
    const before = await balance('asha');
    const { txnId, final } = await pay('asha', 'vikram', '3.01');
    expect([final.status, final.errCode, legCode(final, 'PAYER')]).to.deep.equal(['FAILURE', 'U67', 'UT']);
    let late: unknown;
    for (let i = 0; i < 150 && late === undefined; i += 1) {
      const response = await fetch(`${net.urlOf('switch')}/v1/payments/${txnId}`, {
        headers: { 'x-operator-key': net.operatorKey('switch') },
      });
      const body = (await response.json()) as { payment: { legs: { DEBIT?: { late?: unknown } } } };
      late = body.payment.legs.DEBIT?.late;
      if (late === undefined) await sleep(100);
    }
    expect(late).to.deep.include({ result: 'FAILURE', respCode: 'XB' });
    expect(await balance('asha')).to.equal(before);
    expect((await lotus.list()).rules.find((r) => r.id === rule.id)?.fired).to.equal(1);
    await lotus.remove(rule.id);
  });

  it('absorbs duplicates: each bank handles its leg twice, the money moves once, the inbox counts the copy', async () => {
    const duplicatesAt = async (participant: string): Promise<number> => {
      const text = await (await fetch(`${net.urlOf(participant)}/metrics`)).text();
      return text
        .split('\n')
        .filter((line) => line.startsWith('inbox_duplicates_total{'))
        .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
    };
    const before = { asha: await balance('asha'), vikram: await balance('vikram') };
    const duplicates = { lotus: await duplicatesAt('bank.lotus'), banyan: await duplicatesAt('bank.banyan') };
    const { final } = await pay('asha', 'vikram', '1.91'); // magic: debit and credit delivered twice
    expect(final.status).to.equal('SUCCESS');
    expect(await balance('asha')).to.equal(before.asha - 191);
    expect(await balance('vikram')).to.equal(before.vikram + 191);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && (await duplicatesAt('bank.banyan')) <= duplicates.banyan)
      await sleep(100);
    expect(await duplicatesAt('bank.lotus')).to.equal(duplicates.lotus + 1);
    expect(await duplicatesAt('bank.banyan')).to.equal(duplicates.banyan + 1);
  });

  it('crashes a bank on a crash rule; restarted, it finishes the payment and the money adds up', async () => {
    const banyan = net.launched.byId('bank.banyan');
    await faultsOf('bank.banyan').add({
      type: 'upi.ReqPay.CREDIT.v1',
      action: 'crash',
      amountMinor: 303,
      count: 1,
    });
    const payer = people.get('asha')!;
    const before = { asha: await balance('asha'), vikram: await balance('vikram') };
    const { txnId } = await payer.client.pay(payer.session, {
      payerVpa: payer.vpa,
      payeeVpa: people.get('vikram')!.vpa,
      amount: '3.03',
      pin: TEST_PIN,
    });
    const exited = await new Promise<NodeJS.Signals | null>((resolve) =>
      banyan.child!.once('exit', (_code, signal) => resolve(signal)),
    );
    expect(exited).to.equal('SIGKILL');
    await net.launched.restart('bank.banyan');
    // Whether the credit lands before its timers depends on how fast the box restarts the bank: the answer
    // may be SUCCESS, a FAILURE after the reversals, or DEEMED while the bank is still down — then resolved
    // in its window (TCC or RET). Either way it ends settled, and the money agrees with it.
    let status = await switchStatus(txnId);
    for (let i = 0; i < 600 && !['SUCCESS', 'FAILED', 'REVERSED'].includes(status); i += 1) {
      await sleep(100);
      status = await switchStatus(txnId);
    }
    expect(status).to.be.oneOf(['SUCCESS', 'FAILED', 'REVERSED']);
    let final = await payer.client.waitForFinal(payer.session, txnId, { timeoutMs: 60_000, via: 'poll' });
    for (let i = 0; i < 100 && final.status === 'DEEMED'; i += 1) {
      await sleep(100);
      final = await payer.client.getPayment(payer.session, txnId);
    }
    expect(final.status, "the payer's PSP holds the settled answer").to.equal(
      status === 'SUCCESS' ? 'SUCCESS' : 'FAILURE',
    );
    const moved = final.status === 'SUCCESS' ? 303 : 0;
    expect(await balance('asha')).to.equal(before.asha - moved);
    expect(await balance('vikram')).to.equal(before.vikram + moved);
    expect(
      (await faultsOf('bank.banyan').list()).rules,
      'run-time rules die with the process',
    ).to.have.length((await faultsOf('bank.lotus').list()).rules.length);
  });

  it('sets, lists and clears rules from the command line (make inject) on the same API', async () => {
    const inject = async (...args: string[]): Promise<string> =>
      (
        await promisify(execFile)(process.execPath, ['tools/src/cli/inject.ts', ...args], {
          env: { ...process.env, SY_NETWORK_FILE: net.networkFile, SY_KEYS_DIR: net.keysDir },
          timeout: 30_000,
        })
      ).stdout;
    const added = await inject(
      'add',
      'bank.lotus',
      '--type',
      'upi.ReqPay.DEBIT.v1',
      '--action',
      'respond',
      '--code',
      'IR',
      '--amount',
      '3.05',
      '--count',
      '1',
    );
    const id = /added (f[0-9]+)/.exec(added)?.[1];
    expect(id, added).to.be.a('string');
    const { final } = await pay('asha', 'vikram', '3.05');
    expect([final.status, final.errCode, legCode(final, 'PAYER')]).to.deep.equal(['FAILURE', 'U30', 'IR']);
    expect(await inject('list', 'bank.lotus')).to.match(
      new RegExp(`${id} +upi\\.ReqPay\\.DEBIT\\.v1 +respond IR +fired +1`),
    );
    expect(await inject('clear', 'bank.lotus', id!)).to.include(`removed ${id}`);
    expect((await faultsOf('bank.lotus').list()).rules.map((r) => r.id)).to.not.include(id);
  });

  it('keeps the money invariant across every injected failure', async () => {
    let report = await checkInvariants(net.network, (id) => net.databaseUrlOf(id));
    for (let i = 0; i < 100 && report.inFlight > 0; i += 1) {
      await sleep(200);
      report = await checkInvariants(net.network, (id) => net.databaseUrlOf(id));
    }
    expect(report.breaches).to.deep.equal([]);
    expect(report.inFlight).to.equal(0);
  });
});
