import { expect } from 'chai';
import { decideCredit } from '../../src/domain/decideCredit.ts';
import { anAccount } from './accountFixture.ts';

describe('decideCredit', () => {
  it('credits an active account, whatever its PIN state or balance', () => {
    const account = anAccount({
      balanceMinor: 0,
      pin: { verifier: null, failedTries: 0, lockedUntil: null },
    });
    expect(decideCredit(account, { amountMinor: 25_000 })).to.deep.equal({
      ok: true,
      account,
      amountMinor: 25_000,
    });
  });

  it('XI unknown, YF frozen, ZY dormant', () => {
    expect(decideCredit(undefined, { amountMinor: 1 })).to.deep.equal({ ok: false, code: 'XI' });
    expect(decideCredit(anAccount({ status: 'FROZEN' }), { amountMinor: 1 })).to.deep.equal({
      ok: false,
      code: 'YF',
    });
    expect(decideCredit(anAccount({ status: 'DORMANT' }), { amountMinor: 1 })).to.deep.equal({
      ok: false,
      code: 'ZY',
    });
  });
});
