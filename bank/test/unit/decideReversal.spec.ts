import { expect } from 'chai';
import { decideReversal } from '../../src/domain/decideReversal.ts';

describe('decideReversal', () => {
  it('DEBIT: a debit that happened is reversed for its original amount (00)', () => {
    expect(decideReversal('DEBIT', { status: 'DONE', amountMinor: 25_000 }, 0)).to.deep.equal({
      ok: true,
      code: '00',
      amountMinor: 25_000,
    });
  });

  it('DEBIT: never seen, declined or closed → ND', () => {
    expect(decideReversal('DEBIT', undefined, undefined)).to.deep.equal({ ok: false, code: 'ND' });
    expect(decideReversal('DEBIT', { status: 'DECLINED', amountMinor: 25_000 }, 10)).to.deep.equal({
      ok: false,
      code: 'ND',
    });
    expect(decideReversal('DEBIT', { status: 'CLOSED', amountMinor: null }, undefined)).to.deep.equal({
      ok: false,
      code: 'ND',
    });
  });

  it('CREDIT: a credit still held is taken back (00); exactly the balance is enough', () => {
    expect(decideReversal('CREDIT', { status: 'DONE', amountMinor: 25_000 }, 25_000)).to.deep.equal({
      ok: true,
      code: '00',
      amountMinor: 25_000,
    });
  });

  it('CREDIT: a credit already spent cannot be taken back: it stands → CS (the switch ends the txn SUCCESS)', () => {
    expect(decideReversal('CREDIT', { status: 'DONE', amountMinor: 25_000 }, 24_999)).to.deep.equal({
      ok: false,
      code: 'CS',
    });
  });

  it('CREDIT: never seen or declined → NC', () => {
    expect(decideReversal('CREDIT', undefined, undefined)).to.deep.equal({ ok: false, code: 'NC' });
    expect(decideReversal('CREDIT', { status: 'DECLINED', amountMinor: 25_000 }, 0)).to.deep.equal({
      ok: false,
      code: 'NC',
    });
  });
});
