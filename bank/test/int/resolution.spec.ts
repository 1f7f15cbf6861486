/**
 * The bank's side of the switch's resolution (docs/upi.md §6.5) against a real database: the credit check
 * settles a DEEMED credit for good (TCC/RET) whatever is still queued, and the auto-reversal is the debit
 * reversal leg — one reversal whatever arrives, never a debit after it.
 */
import { expect } from 'chai';
import { newTxnId } from '@switchyard/contracts';
import { checkLedger } from '../../src/db/checkLedger.ts';
import { customer, requests, startBankHarness, type BankHarness } from './support/bankHarness.ts';

describe('bank: resolution — ReqChkTxn CREDIT and ReqAutoReversal (int)', () => {
  let bank: BankHarness;
  let build: ReturnType<typeof requests>;
  const payer = customer(1, { balanceMinor: 10_000_000 });
  const payee = customer(2, { balanceMinor: 0 });

  before(async () => {
    bank = await startBankHarness([payer, payee]);
    build = requests(bank);
  });
  after(async () => {
    await bank.close();
  });

  const check = (orgTxnId: string, amountMinor: number) =>
    bank.ask(build.creditCheck({ orgTxnId, acNum: payee.acNum, amountMinor }), 'upi.RespChkTxn.CREDIT.v1');

  it('credit done and not reversed → CS (TCC); the queued credit reversal then answers CS and moves nothing', async () => {
    const credit = build.credit({ acNum: payee.acNum, amountMinor: 5_000 });
    await bank.ask(credit, 'upi.RespPay.CREDIT.v1');
    const answer = await check(credit.txn.id, 5_000);
    expect(answer.resp).to.include({ result: 'SUCCESS' });
    expect(answer.resp.ref).to.include({ respCode: 'CS', settAmountMinor: 5_000, addr: 'vikram@kite' });
    const balance = await bank.balanceOf(payee.acNum);
    const late = await bank.ask(
      build.reversal({ subType: 'CREDIT', orgTxnId: credit.txn.id, acNum: payee.acNum, amountMinor: 5_000 }),
      'upi.RespPay.REVERSAL.v1',
    );
    expect(late.resp.ref.respCode).to.equal('CS');
    expect(await bank.balanceOf(payee.acNum)).to.equal(balance);
    expect((await check(credit.txn.id, 5_000)).resp.ref.respCode).to.equal('CS');
  });

  it('no credit seen → NC (RET); the queued credit then arrives and is refused (XC), nothing credited', async () => {
    const txnId = newTxnId('ZAP');
    expect((await check(txnId, 700)).resp).to.deep.include({ result: 'FAILURE', errCode: 'NC' });
    const balance = await bank.balanceOf(payee.acNum);
    const late = await bank.ask(
      build.credit({ acNum: payee.acNum, amountMinor: 700, txnId }),
      'upi.RespPay.CREDIT.v1',
    );
    expect(late.resp).to.include({ errCode: 'XC' });
    expect(await bank.balanceOf(payee.acNum)).to.equal(balance);
  });

  it('credit done then reversed → 00 (the reversal code: not credited any more)', async () => {
    const credit = build.credit({ acNum: payee.acNum, amountMinor: 900 });
    await bank.ask(credit, 'upi.RespPay.CREDIT.v1');
    await bank.ask(
      build.reversal({ subType: 'CREDIT', orgTxnId: credit.txn.id, acNum: payee.acNum, amountMinor: 900 }),
      'upi.RespPay.REVERSAL.v1',
    );
    expect((await check(credit.txn.id, 900)).resp.ref).to.include({ respCode: '00', settAmountMinor: 0 });
  });

  it('auto-reversal of a debit → 00 once; a reversal after it (or another auto-reversal) replays 00 and moves nothing', async () => {
    const debit = build.debit({ acNum: payer.acNum, amountMinor: 4_000 });
    await bank.ask(debit, 'upi.RespPay.DEBIT.v1');
    const before = await bank.balanceOf(payer.acNum);
    const auto = await bank.ask(
      build.autoReversal({ orgTxnId: debit.txn.id, acNum: payer.acNum, amountMinor: 4_000 }),
      'upi.RespAutoReversal.v1',
    );
    expect(auto.resp).to.include({ result: 'SUCCESS' });
    expect(auto.resp.ref).to.include({ respCode: '00', settAmountMinor: 4_000 });
    expect(await bank.balanceOf(payer.acNum)).to.equal(before + 4_000);
    const again = await bank.ask(
      build.reversal({ subType: 'DEBIT', orgTxnId: debit.txn.id, acNum: payer.acNum, amountMinor: 4_000 }),
      'upi.RespPay.REVERSAL.v1',
    );
    expect(again.resp.ref.respCode).to.equal('00');
    await bank.ask(
      build.autoReversal({ orgTxnId: debit.txn.id, acNum: payer.acNum, amountMinor: 4_000 }),
      'upi.RespAutoReversal.v1',
    );
    expect(await bank.balanceOf(payer.acNum)).to.equal(before + 4_000);
  });

  it('auto-reversal without a debit → ND, and the late debit is refused', async () => {
    const txnId = newTxnId('ZAP');
    const auto = await bank.ask(
      build.autoReversal({ orgTxnId: txnId, acNum: payer.acNum, amountMinor: 300 }),
      'upi.RespAutoReversal.v1',
    );
    expect(auto.resp).to.include({ result: 'FAILURE', errCode: 'ND' });
    const late = await bank.ask(
      build.debit({ acNum: payer.acNum, amountMinor: 300, txnId }),
      'upi.RespPay.DEBIT.v1',
    );
    expect(late.resp.errCode).to.equal('XB');
  });

  it('the ledger holds', async () => {
    expect((await checkLedger(bank.db.pool)).breaches).to.deep.equal([]);
  });
});
