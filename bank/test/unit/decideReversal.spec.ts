import { expect } from 'chai';
import { decideReversal } from '../../src/domain/decideReversal.ts';
import { anAccount } from './accountFixture.ts';

/** The original leg's customer account, with `balanceMinor`. */
const holding = (balanceMinor: number) => anAccount({ balanceMinor });

describe('decideReversal', () => {
  it('DEBIT: a debit that happened is reversed for its original amount (00)', () => {
    const account = holding(0);
    expect(
      decideReversal('DEBIT', { status: 'DONE', amountMinor: 25_000, journalId: 41 }, account),
    ).to.deep.equal({
      ok: true,
      code: '00',
      account,
      amountMinor: 25_000,
      reversesJournalId: 41,
    });
  });

  it('DEBIT: never seen, declined or closed → ND', () => {
    expect(decideReversal('DEBIT', undefined, undefined)).to.deep.equal({ ok: false, code: 'ND' });
    expect(
      decideReversal('DEBIT', { status: 'DECLINED', amountMinor: 25_000, journalId: null }, holding(10)),
    ).to.deep.equal({
      ok: false,
      code: 'ND',
    });
    expect(
      decideReversal('DEBIT', { status: 'CLOSED', amountMinor: null, journalId: null }, undefined),
    ).to.deep.equal({
      ok: false,
      code: 'ND',
    });
  });

  it('CREDIT: a credit still held is taken back (00); exactly the balance is enough', () => {
    const account = holding(25_000);
    expect(
      decideReversal('CREDIT', { status: 'DONE', amountMinor: 25_000, journalId: 42 }, account),
    ).to.deep.equal({
      ok: true,
      code: '00',
      account,
      amountMinor: 25_000,
      reversesJournalId: 42,
    });
  });

  it('CREDIT: a credit already spent cannot be taken back: it stands → CS (the switch ends the txn SUCCESS)', () => {
    expect(
      decideReversal('CREDIT', { status: 'DONE', amountMinor: 25_000, journalId: 42 }, holding(24_999)),
    ).to.deep.equal({
      ok: false,
      code: 'CS',
    });
  });

  it('CREDIT: never seen or declined → NC', () => {
    expect(decideReversal('CREDIT', undefined, undefined)).to.deep.equal({ ok: false, code: 'NC' });
    expect(
      decideReversal('CREDIT', { status: 'DECLINED', amountMinor: 25_000, journalId: null }, holding(0)),
    ).to.deep.equal({
      ok: false,
      code: 'NC',
    });
  });

  it('a DONE original without its account or journal is a bug, never an answer', () => {
    const done = { status: 'DONE', amountMinor: 25_000, journalId: 41 } as const;
    expect(() => decideReversal('DEBIT', done, undefined)).to.throw(/invariant failed/);
    expect(() => decideReversal('DEBIT', { ...done, journalId: null }, holding(0))).to.throw(
      /invariant failed/,
    );
  });
});
