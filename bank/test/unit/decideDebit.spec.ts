import { expect } from 'chai';
import type { CredsPayload } from '@switchyard/contracts';
import { decideDebit } from '../../src/domain/decideDebit.ts';
import type { DebitRequest } from '../../src/domain/debitRequest.ts';
import { PIN_LOCK_MS } from '../../src/domain/pinPolicy.ts';
import { precheckDebit } from '../../src/domain/precheckDebit.ts';
import { NOW, TXN_ID, anAccount } from './accountFixture.ts';

const request = (overrides: Partial<DebitRequest> = {}): DebitRequest => ({
  txnId: TXN_ID,
  amountMinor: 25_000,
  credsType: 'PIN',
  creds: { purpose: 'PAY', pin: '1234', txnId: TXN_ID, amountMinor: 25_000, sealedAt: NOW.getTime() },
  debitedTodayMinor: 0,
  pinCorrect: true,
  ...overrides,
});
const later = (ms: number) => new Date(NOW.getTime() + ms);

describe('decideDebit', () => {
  it('approves a debit with the right PIN, within limits and funds, and resets the try counter', () => {
    const decision = decideDebit(
      anAccount({ pin: { verifier: 'v', failedTries: 2, lockedUntil: null } }),
      request(),
      NOW,
    );
    expect(decision).to.deep.equal({
      ok: true,
      amountMinor: 25_000,
      pinUpdate: { failedTries: 0, lockedUntil: null },
    });
  });

  it('XH: unknown account', () => {
    expect(decideDebit(undefined, request(), NOW)).to.deep.equal({ ok: false, code: 'XH' });
  });

  it('YE: frozen, ZX: dormant — before any PIN check', () => {
    expect(decideDebit(anAccount({ status: 'FROZEN' }), request({ pinCorrect: false }), NOW)).to.deep.equal({
      ok: false,
      code: 'YE',
    });
    expect(decideDebit(anAccount({ status: 'DORMANT' }), request({ pinCorrect: false }), NOW)).to.deep.equal({
      ok: false,
      code: 'ZX',
    });
  });

  it('AM: no PIN set', () => {
    const account = anAccount({ pin: { verifier: null, failedTries: 0, lockedUntil: null } });
    expect(decideDebit(account, request(), NOW)).to.deep.equal({ ok: false, code: 'AM' });
  });

  it('Z6 while locked, even with the right PIN, without touching the counter', () => {
    const account = anAccount({ pin: { verifier: 'v', failedTries: 3, lockedUntil: later(1000) } });
    expect(decideDebit(account, request({ pinCorrect: true }), NOW)).to.deep.equal({ ok: false, code: 'Z6' });
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
      expect(decideDebit(account, { ...bad, pinCorrect: false }, NOW)).to.deep.equal({
        ok: false,
        code: 'XB',
      });
    }
  });

  it('ZM: wrong PIN counts a try; the 3rd wrong try answers Z6 and locks for 24 h', () => {
    const first = decideDebit(anAccount(), request({ pinCorrect: false }), NOW);
    expect(first).to.deep.equal({ ok: false, code: 'ZM', pinUpdate: { failedTries: 1, lockedUntil: null } });
    const second = decideDebit(
      anAccount({ pin: { verifier: 'v', failedTries: 1, lockedUntil: null } }),
      request({ pinCorrect: false }),
      NOW,
    );
    expect(second).to.deep.equal({ ok: false, code: 'ZM', pinUpdate: { failedTries: 2, lockedUntil: null } });
    const third = decideDebit(
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
    expect(decideDebit(expired, request({ pinCorrect: false }), NOW)).to.deep.equal({
      ok: false,
      code: 'ZM',
      pinUpdate: { failedTries: 1, lockedUntil: null },
    });
    expect(decideDebit(expired, request(), NOW)).to.include({ ok: true });
  });

  it('Z8: above the per-transaction limit (after a correct PIN, whose reset is kept)', () => {
    const account = anAccount({
      perTxnLimitMinor: 20_000,
      pin: { verifier: 'v', failedTries: 1, lockedUntil: null },
    });
    expect(decideDebit(account, request(), NOW)).to.deep.equal({
      ok: false,
      code: 'Z8',
      pinUpdate: { failedTries: 0, lockedUntil: null },
    });
  });

  it("ZU: today's debits plus this one above the daily limit; exactly at the limit passes", () => {
    const account = anAccount({ dailyLimitMinor: 100_000 });
    expect(decideDebit(account, request({ debitedTodayMinor: 75_001 }), NOW)).to.include({
      ok: false,
      code: 'ZU',
    });
    expect(decideDebit(account, request({ debitedTodayMinor: 75_000 }), NOW)).to.include({ ok: true });
  });

  it('Z9: more than the balance; exactly the balance passes', () => {
    expect(decideDebit(anAccount({ balanceMinor: 24_999 }), request(), NOW)).to.include({
      ok: false,
      code: 'Z9',
    });
    expect(decideDebit(anAccount({ balanceMinor: 25_000 }), request(), NOW)).to.include({ ok: true });
  });

  it('checks in order: PIN before limits, per-txn before daily, daily before funds', () => {
    const poor = anAccount({ balanceMinor: 0, perTxnLimitMinor: 1, dailyLimitMinor: 1 });
    expect(decideDebit(poor, request({ pinCorrect: false }), NOW)).to.include({ code: 'ZM' });
    expect(decideDebit(poor, request(), NOW)).to.include({ code: 'Z8' });
    expect(decideDebit(anAccount({ balanceMinor: 0, dailyLimitMinor: 1 }), request(), NOW)).to.include({
      code: 'ZU',
    });
  });

  it('refuses to decide past the PIN step without the comparison (a handler bug)', () => {
    expect(() => decideDebit(anAccount(), request({ pinCorrect: undefined }), NOW)).to.throw(
      /PIN comparison/,
    );
  });
});

describe('precheckDebit', () => {
  it('asks for the PIN comparison only when every earlier check passes', () => {
    expect(precheckDebit(anAccount(), request(), NOW)).to.deep.equal({ ok: true, pin: '1234' });
    expect(precheckDebit(anAccount({ status: 'FROZEN' }), request(), NOW)).to.deep.equal({
      ok: false,
      code: 'YE',
    });
    expect(precheckDebit(anAccount(), request({ creds: undefined }), NOW)).to.deep.equal({
      ok: false,
      code: 'XB',
    });
  });
});
