/** ReqPay CREDIT and REVERSAL against a real database: codes, once-only reversal, and "never debit after ND". */
import { expect } from 'chai';
import { newTxnId } from '@switchyard/contracts';
import { checkLedger } from '../../src/db/checkLedger.ts';
import { customer, requests, startBankHarness, type BankHarness } from './support/bankHarness.ts';

describe('bank: ReqPay CREDIT and REVERSAL (int)', () => {
  let bank: BankHarness;
  let build: ReturnType<typeof requests>;
  const payer = customer(1, { balanceMinor: 50_000_000 });
  const payee = customer(2, { balanceMinor: 0 });
  const frozen = customer(3, { status: 'FROZEN' });
  const dormant = customer(4, { status: 'DORMANT' });
  const spender = customer(5, { balanceMinor: 0 });

  before(async () => {
    bank = await startBankHarness([payer, payee, frozen, dormant, spender]);
    build = requests(bank);
  });
  after(async () => {
    await bank.close();
  });

  it('credits: customer +a, UPI_SETTLEMENT −a, SUCCESS with a PAYEE ref', async () => {
    const settlementBefore = await bank.internalBalance('UPI_SETTLEMENT');
    const request = build.credit({ acNum: payee.acNum, amountMinor: 25_000 });
    const reply = await bank.ask(request, 'upi.RespPay.CREDIT.v1');
    expect(reply.resp.result).to.equal('SUCCESS');
    expect(reply.resp.ref).to.include({
      type: 'PAYEE',
      seqNum: 1,
      addr: 'vikram@kite',
      settAmountMinor: 25_000,
      respCode: '00',
    });
    expect(await bank.balanceOf(payee.acNum)).to.equal(25_000);
    expect(await bank.internalBalance('UPI_SETTLEMENT')).to.equal(settlementBefore - 25_000);
  });

  it('XI unknown, YF frozen, ZY dormant: nothing credited', async () => {
    for (const [acNum, code] of [
      ['199999999999', 'XI'],
      [frozen.acNum, 'YF'],
      [dormant.acNum, 'ZY'],
    ] as const) {
      const reply = await bank.ask(build.credit({ acNum, amountMinor: 100 }), 'upi.RespPay.CREDIT.v1');
      expect(reply.resp).to.include({ result: 'FAILURE', errCode: code });
      expect(reply.resp.ref).to.include({ respCode: code, settAmountMinor: 0 });
    }
    expect(await bank.balanceOf(frozen.acNum)).to.equal(5_000_000);
  });

  it('the same CREDIT twice: one credit, the original answer twice', async () => {
    const request = build.credit({ acNum: payee.acNum, amountMinor: 1_000 });
    const before = await bank.balanceOf(payee.acNum);
    const first = await bank.ask(request, 'upi.RespPay.CREDIT.v1');
    const again = await bank.ask(request, 'upi.RespPay.CREDIT.v1');
    expect(again.resp.ref).to.deep.equal(first.resp.ref);
    expect(await bank.balanceOf(payee.acNum)).to.equal(before + 1_000);
  });

  it('DEBIT reversal after a debit → 00, balance restored; a repeated reversal moves nothing', async () => {
    const debit = build.debit({ acNum: payer.acNum, amountMinor: 40_000 });
    expect((await bank.ask(debit, 'upi.RespPay.DEBIT.v1')).resp.result).to.equal('SUCCESS');
    expect(await bank.balanceOf(payer.acNum)).to.equal(50_000_000 - 40_000);
    const reversal = build.reversal({
      subType: 'DEBIT',
      orgTxnId: debit.txn.id,
      acNum: payer.acNum,
      amountMinor: 40_000,
    });
    const reply = await bank.ask(reversal, 'upi.RespPay.REVERSAL.v1');
    expect(reply.txn).to.include({ subType: 'DEBIT', orgTxnId: debit.txn.id });
    expect(reply.resp.result).to.equal('SUCCESS');
    expect(reply.resp.ref).to.include({
      type: 'PAYER',
      addr: 'asha@zap',
      respCode: '00',
      settAmountMinor: 40_000,
    });
    expect(await bank.balanceOf(payer.acNum)).to.equal(50_000_000);
    const again = await bank.ask({ ...reversal }, 'upi.RespPay.REVERSAL.v1');
    expect(again.resp.ref).to.deep.equal(reply.resp.ref);
    expect(await bank.balanceOf(payer.acNum)).to.equal(50_000_000);
  });

  it('a reversed debit no longer counts against the daily limit', async () => {
    const big = build.debit({ acNum: payer.acNum, amountMinor: 9_000_000 });
    expect((await bank.ask(big, 'upi.RespPay.DEBIT.v1')).resp.result).to.equal('SUCCESS');
    const blocked = await bank.ask(
      build.debit({ acNum: payer.acNum, amountMinor: 2_000_000 }),
      'upi.RespPay.DEBIT.v1',
    );
    expect(blocked.resp.errCode).to.equal('ZU');
    await bank.ask(
      build.reversal({ subType: 'DEBIT', orgTxnId: big.txn.id, acNum: payer.acNum, amountMinor: 9_000_000 }),
      'upi.RespPay.REVERSAL.v1',
    );
    const allowed = await bank.ask(
      build.debit({ acNum: payer.acNum, amountMinor: 2_000_000 }),
      'upi.RespPay.DEBIT.v1',
    );
    expect(allowed.resp.result).to.equal('SUCCESS');
  });

  it('DEBIT reversal of a declined debit → ND', async () => {
    const declined = build.debit({ acNum: payer.acNum, amountMinor: 100, pin: '9999' });
    expect((await bank.ask(declined, 'upi.RespPay.DEBIT.v1')).resp.errCode).to.equal('ZM');
    const reply = await bank.ask(
      build.reversal({ subType: 'DEBIT', orgTxnId: declined.txn.id, acNum: payer.acNum, amountMinor: 100 }),
      'upi.RespPay.REVERSAL.v1',
    );
    expect(reply.resp).to.include({ result: 'FAILURE', errCode: 'ND' });
    expect(reply.resp.ref).to.include({ respCode: 'ND', settAmountMinor: 0, addr: 'asha@zap' });
  });

  it('DEBIT reversal without a debit → ND; the late DEBIT is then refused and moves nothing', async () => {
    const txnId = newTxnId('ZAP');
    const before = await bank.balanceOf(payer.acNum);
    const triesBefore = (await bank.pinState(payer.acNum)).failedTries;
    const reversal = await bank.ask(
      build.reversal({ subType: 'DEBIT', orgTxnId: txnId, acNum: payer.acNum, amountMinor: 500 }),
      'upi.RespPay.REVERSAL.v1',
    );
    expect(reversal.resp).to.include({ result: 'FAILURE', errCode: 'ND' });
    expect(reversal.resp.ref.addr).to.equal(`${payer.acNum}@lots`);
    const late = await bank.ask(
      build.debit({ acNum: payer.acNum, amountMinor: 500, txnId }),
      'upi.RespPay.DEBIT.v1',
    );
    expect(late.resp).to.include({ result: 'FAILURE', errCode: 'XB' });
    expect(late.resp.ref).to.include({ settAmountMinor: 0, addr: 'asha@zap' });
    expect(await bank.balanceOf(payer.acNum)).to.equal(before);
    expect((await bank.pinState(payer.acNum)).failedTries).to.equal(triesBefore);
  });

  it('CREDIT reversal after a credit → 00, the credit taken back', async () => {
    const credit = build.credit({ acNum: payee.acNum, amountMinor: 3_000 });
    await bank.ask(credit, 'upi.RespPay.CREDIT.v1');
    const before = await bank.balanceOf(payee.acNum);
    const reply = await bank.ask(
      build.reversal({ subType: 'CREDIT', orgTxnId: credit.txn.id, acNum: payee.acNum, amountMinor: 3_000 }),
      'upi.RespPay.REVERSAL.v1',
    );
    expect(reply.resp.result).to.equal('SUCCESS');
    expect(reply.resp.ref).to.include({
      type: 'PAYEE',
      respCode: '00',
      settAmountMinor: 3_000,
      addr: 'vikram@kite',
    });
    expect(await bank.balanceOf(payee.acNum)).to.equal(before - 3_000);
  });

  it('CREDIT reversal without a credit → NC; the late CREDIT is refused (XC) and moves nothing', async () => {
    const txnId = newTxnId('ZAP');
    const reply = await bank.ask(
      build.reversal({ subType: 'CREDIT', orgTxnId: txnId, acNum: payee.acNum, amountMinor: 700 }),
      'upi.RespPay.REVERSAL.v1',
    );
    expect(reply.resp).to.include({ result: 'FAILURE', errCode: 'NC' });
    const before = await bank.balanceOf(payee.acNum);
    const late = await bank.ask(
      build.credit({ acNum: payee.acNum, amountMinor: 700, txnId }),
      'upi.RespPay.CREDIT.v1',
    );
    expect(late.resp).to.include({ result: 'FAILURE', errCode: 'XC' });
    expect(await bank.balanceOf(payee.acNum)).to.equal(before);
  });

  it('CREDIT reversal after the money was spent → CS (the credit stands), nothing moved, never negative', async () => {
    const credit = build.credit({ acNum: spender.acNum, amountMinor: 10_000 });
    await bank.ask(credit, 'upi.RespPay.CREDIT.v1');
    await bank.ask(build.debit({ acNum: spender.acNum, amountMinor: 9_000 }), 'upi.RespPay.DEBIT.v1');
    const reply = await bank.ask(
      build.reversal({
        subType: 'CREDIT',
        orgTxnId: credit.txn.id,
        acNum: spender.acNum,
        amountMinor: 10_000,
      }),
      'upi.RespPay.REVERSAL.v1',
    );
    expect(reply.resp).to.include({ result: 'FAILURE', errCode: 'CS' });
    expect(reply.resp.ref).to.include({ respCode: 'CS', settAmountMinor: 0 });
    expect(await bank.balanceOf(spender.acNum)).to.equal(1_000);
  });

  it('the ledger holds, and money is conserved: customers + settlement + opening = 0', async () => {
    const check = await checkLedger(bank.db.pool);
    expect(check.breaches).to.deep.equal([]);
    const t = check.totals;
    expect(t.customerBalanceMinor + t.settlementBalanceMinor + t.openingBalanceMinor).to.equal(0);
  });
});
