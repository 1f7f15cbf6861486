import { expect } from 'chai';
import type { CredsPayload } from '@switchyard/contracts';
import type { Account } from '../../src/domain/account.ts';
import { decideDebit } from '../../src/domain/decideDebit.ts';
import type { DebitRequest } from '../../src/domain/debitRequest.ts';
import { PIN_LOCK_MS } from '../../src/domain/pinPolicy.ts';
import { planDebit } from '../../src/domain/planDebit.ts';
import { NOW, TXN_ID, anAccount } from './accountFixture.ts';

/** A request plus what the handler learns after planning (the PIN comparison, today's debits). */
type Given = DebitRequest & { debitedTodayMinor: number; pinCorrect?: boolean };

const request = (overrides: Partial<Given> = {}): Given => ({
  txnId: TXN_ID,
  amountMinor: 25_000,
  credsType: 'PIN',
  creds: { purpose: 'PAY', pin: '1234', txnId: TXN_ID, amountMinor: 25_000, sealedAt: NOW.getTime() },
  debitedTodayMinor: 0,
  pinCorrect: true,
  ...overrides,
});
const later = (ms: number) => new Date(NOW.getTime() + ms);

/** The handler's pipeline without its I/O: plan → (the PIN compared: given.pinCorrect) → decide. */
const decide = (account: Account | undefined, given: Given, now: Date) => {
  const plan = planDebit(account, given, now);
  if (!plan.ok) return plan;
  const facts = { pinCorrect: given.pinCorrect as boolean, debitedTodayMinor: given.debitedTodayMinor };
  return decideDebit(plan, facts, now);
};

describe('decideDebit', () => {
  it('approves a debit with the right PIN, within limits and funds, and resets the try counter', () => {
    const account = anAccount({ pin: { verifier: 'v', failedTries: 2, lockedUntil: null } });
    const decision = decide(account, request(), NOW);
    expect(decision).to.deep.equal({
      ok: true,
      account,
      amountMinor: 25_000,
      pinUpdate: { failedTries: 0, lockedUntil: null },
    });
  });

  it('XH: unknown account', () => {
    expect(decide(undefined, request(), NOW)).to.deep.equal({ ok: false, code: 'XH' });
  });

  it('YE: frozen, ZX: dormant — before any PIN check', () => {
    expect(decide(anAccount({ status: 'FROZEN' }), request({ pinCorrect: false }), NOW)).to.deep.equal({
      ok: false,
      code: 'YE',
    });
    expect(decide(anAccount({ status: 'DORMANT' }), request({ pinCorrect: false }), NOW)).to.deep.equal({
      ok: false,
      code: 'ZX',
    });
  });

  it('AM: no PIN set', () => {
    const account = anAccount({ pin: { verifier: null, failedTries: 0, lockedUntil: null } });
    expect(decide(account, request(), NOW)).to.deep.equal({ ok: false, code: 'AM' });
  });

  it('Z6 while locked, even with the right PIN, without touching the counter', () => {
    const account = anAccount({ pin: { verifier: 'v', failedTries: 3, lockedUntil: later(1000) } });
    expect(decide(account, request({ pinCorrect: true }), NOW)).to.deep.equal({ ok: false, code: 'Z6' });
  });

  it('XB: creds unreadable, for another txn, for another amount, of another purpose or type — no PIN try', () => {
    const account = anAccount();
    const pay = request().creds as Extract<CredsPayload, { purpose: 'PAY' }>;
    for (const bad of [
      request({ creds: undefined }),
      request({ creds: { ...pay, txnId: 'ZAPzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz' } }),
      request({ creds: { ...pay, amountMinor: 25_001 } }),
      request({
        creds: { purpose: 'CHANGE', oldPin: '1234', newPin: '4321', acNum: '100000000001', sealedAt: 0 },
      }),
      request({ credsType: 'PIN_SET' }),
    ]) {
      expect(decide(account, { ...bad, pinCorrect: false }, NOW)).to.deep.equal({
        ok: false,
        code: 'XB',
      });
    }
  });

  it('ZM: wrong PIN counts a try; the 3rd wrong try answers Z6 and locks for 24 h', () => {
    const first = decide(anAccount(), request({ pinCorrect: false }), NOW);
    expect(first).to.deep.equal({ ok: false, code: 'ZM', pinUpdate: { failedTries: 1, lockedUntil: null } });
    const second = decide(
      anAccount({ pin: { verifier: 'v', failedTries: 1, lockedUntil: null } }),
      request({ pinCorrect: false }),
      NOW,
    );
    expect(second).to.deep.equal({ ok: false, code: 'ZM', pinUpdate: { failedTries: 2, lockedUntil: null } });
    const third = decide(
      anAccount({ pin: { verifier: 'v', failedTries: 2, lockedUntil: null } }),
      request({ pinCorrect: false }),
      NOW,
    );
    expect(third).to.deep.equal({
      ok: false,
      code: 'Z6',
      pinUpdate: { failedTries: 3, lockedUntil: later(PIN_LOCK_MS) },
    });
  });

  it('an expired lock starts a fresh series of tries', () => {
    const expired = anAccount({ pin: { verifier: 'v', failedTries: 3, lockedUntil: later(-1) } });
    expect(decide(expired, request({ pinCorrect: false }), NOW)).to.deep.equal({
      ok: false,
      code: 'ZM',
      pinUpdate: { failedTries: 1, lockedUntil: null },
    });
    expect(decide(expired, request(), NOW)).to.include({ ok: true });
  });

  it('Z8: above the per-transaction limit (after a correct PIN, whose reset is kept)', () => {
    const account = anAccount({
      perTxnLimitMinor: 20_000,
      pin: { verifier: 'v', failedTries: 1, lockedUntil: null },
    });
    expect(decide(account, request(), NOW)).to.deep.equal({
      ok: false,
      code: 'Z8',
      pinUpdate: { failedTries: 0, lockedUntil: null },
    });
  });

  it("ZU: today's debits plus this one above the daily limit; exactly at the limit passes", () => {
    const account = anAccount({ dailyLimitMinor: 100_000 });
    expect(decide(account, request({ debitedTodayMinor: 75_001 }), NOW)).to.include({
      ok: false,
      code: 'ZU',
    });
    expect(decide(account, request({ debitedTodayMinor: 75_000 }), NOW)).to.include({ ok: true });
  });

  it('Z9: more than the balance; exactly the balance passes', () => {
    expect(decide(anAccount({ balanceMinor: 24_999 }), request(), NOW)).to.include({
      ok: false,
      code: 'Z9',
    });
    expect(decide(anAccount({ balanceMinor: 25_000 }), request(), NOW)).to.include({ ok: true });
  });

  it('checks in order: PIN before limits, per-txn before daily, daily before funds', () => {
    const poor = anAccount({ balanceMinor: 0, perTxnLimitMinor: 1, dailyLimitMinor: 1 });
    expect(decide(poor, request({ pinCorrect: false }), NOW)).to.include({ code: 'ZM' });
    expect(decide(poor, request(), NOW)).to.include({ code: 'Z8' });
    expect(decide(anAccount({ balanceMinor: 0, dailyLimitMinor: 1 }), request(), NOW)).to.include({
      code: 'ZU',
    });
  });

  it('refuses to decide past the PIN step without the comparison (a handler bug)', () => {
    expect(() => decide(anAccount(), request({ pinCorrect: undefined }), NOW)).to.throw(/PIN comparison/);
  });
});

describe('planDebit', () => {
  it('asks for the PIN comparison only when every earlier check passes', () => {
    const account = anAccount();
    expect(planDebit(account, request(), NOW)).to.deep.equal({
      ok: true,
      account,
      amountMinor: 25_000,
      pinCheck: { pin: '1234', verifier: account.pin.verifier },
    });
    expect(planDebit(anAccount({ status: 'FROZEN' }), request(), NOW)).to.deep.equal({
      ok: false,
      code: 'YE',
    });
    expect(planDebit(anAccount(), request({ creds: undefined }), NOW)).to.deep.equal({
      ok: false,
      code: 'XB',
    });
  });

  it('declines in order XH → YE / ZX → AM → Z6 → XB when several checks fail at once', () => {
    const noCreds = request({ creds: undefined });
    const noPin = { verifier: null, failedTries: 0, lockedUntil: null };
    const locked = { verifier: 'v', failedTries: 3, lockedUntil: later(1000) };
    expect(planDebit(undefined, noCreds, NOW)).to.deep.equal({ ok: false, code: 'XH' });
    expect(planDebit(anAccount({ status: 'FROZEN', pin: noPin }), noCreds, NOW)).to.deep.equal({
      ok: false,
      code: 'YE',
    });
    expect(planDebit(anAccount({ status: 'DORMANT', pin: locked }), noCreds, NOW)).to.deep.equal({
      ok: false,
      code: 'ZX',
    });
    expect(planDebit(anAccount({ pin: noPin }), noCreds, NOW)).to.deep.equal({ ok: false, code: 'AM' });
    expect(planDebit(anAccount({ pin: locked }), noCreds, NOW)).to.deep.equal({ ok: false, code: 'Z6' });
  });

  it("names the verifier of the row it was given (the locked row's: the one the handler compares)", () => {
    const before = planDebit(
      anAccount({ pin: { verifier: 'v1', failedTries: 0, lockedUntil: null } }),
      request(),
      NOW,
    );
    const after = planDebit(
      anAccount({ pin: { verifier: 'v2', failedTries: 0, lockedUntil: null } }),
      request(),
      NOW,
    );
    expect(before).to.deep.include({ ok: true, pinCheck: { pin: '1234', verifier: 'v1' } });
    expect(after).to.deep.include({ ok: true, pinCheck: { pin: '1234', verifier: 'v2' } });
  });
});
