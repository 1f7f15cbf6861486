/**
 * Races against a real database (docs/guarantees.md §8): concurrent debits never
 * overdraw, concurrent duplicates debit once, and a reversal racing its debit never leaves money moved
 * after an ND.
 */
import { expect } from 'chai';
import { checkLedger } from '../../src/db/checkLedger.ts';
import { customer, requests, startBankHarness, type BankHarness } from './support/bankHarness.ts';

describe('bank: concurrency (int)', () => {
  let bank: BankHarness;
  let build: ReturnType<typeof requests>;
  const scarce = customer(1, { balanceMinor: 10 * 1_000 });
  const duplicated = customer(2);
  const raced = customer(3);

  before(async () => {
    bank = await startBankHarness([scarce, duplicated, raced]);
    build = requests(bank);
  });
  after(async () => {
    await bank.close();
  });

  it('25 concurrent debits of ₹10 on ₹100: exactly 10 approved, 15 Z9, balance 0 and never negative', async () => {
    const debits = Array.from({ length: 25 }, () => build.debit({ acNum: scarce.acNum, amountMinor: 1_000 }));
    const replies = await Promise.all(debits.map((d) => bank.ask(d, 'upi.RespPay.DEBIT.v1')));
    const codes = replies.map((r) => r.resp.ref.respCode);
    expect(codes.filter((c) => c === '00')).to.have.length(10);
    expect(codes.filter((c) => c === 'Z9')).to.have.length(15);
    expect(await bank.balanceOf(scarce.acNum)).to.equal(0);
  });

  it('one DEBIT delivered 6 times at once under different message ids: one debit, one answer', async () => {
    const request = build.debit({ acNum: duplicated.acNum, amountMinor: 12_345 });
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => bank.ask({ ...request }, 'upi.RespPay.DEBIT.v1')),
    );
    const refs = new Set(replies.map((r) => JSON.stringify(r.resp.ref)));
    expect(refs.size).to.equal(1);
    expect(replies[0].resp.ref.respCode).to.equal('00');
    expect(await bank.balanceOf(duplicated.acNum)).to.equal(5_000_000 - 12_345);
  });

  it('a DEBIT racing its own reversal: either debited then reversed (00/00) or refused after ND — money always back', async () => {
    for (let round = 0; round < 8; round += 1) {
      const debit = build.debit({ acNum: raced.acNum, amountMinor: 2_000 });
      const reversal = build.reversal({
        subType: 'DEBIT',
        orgTxnId: debit.txn.id,
        acNum: raced.acNum,
        amountMinor: 2_000,
      });
      const [debitReply, reversalReply] = await Promise.all([
        bank.ask(debit, 'upi.RespPay.DEBIT.v1'),
        bank.ask(reversal, 'upi.RespPay.REVERSAL.v1'),
      ]);
      const pair = `${debitReply.resp.ref.respCode}/${reversalReply.resp.ref.respCode}`;
      expect(['00/00', 'XB/ND']).to.include(pair);
      expect(await bank.balanceOf(raced.acNum)).to.equal(5_000_000);
    }
  });

  it('the ledger holds after the races', async () => {
    expect((await checkLedger(bank.db.pool)).breaches).to.deep.equal([]);
  });
});
