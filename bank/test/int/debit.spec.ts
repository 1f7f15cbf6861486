/** ReqPay DEBIT against a real database: every leg code, the PIN counter, and idempotency per (txn, leg). */
import { expect } from 'chai';
import { newTxnId } from '@switchyard/contracts';
import { sql } from 'slonik';
import { checkLedger } from '../../src/db/checkLedger.ts';
import { PIN_LOCK_MS } from '../../src/domain/pinPolicy.ts';
import { BANK, customer, requests, startBankHarness, type BankHarness } from './support/bankHarness.ts';

describe('bank: ReqPay DEBIT (int)', () => {
  let bank: BankHarness;
  let build: ReturnType<typeof requests>;
  const asha = customer(1); // ₹50,000
  const poor = customer(2, { balanceMinor: 10_000 }); // ₹100
  const frozen = customer(3, { status: 'FROZEN' });
  const dormant = customer(4, { status: 'DORMANT' });
  const rich = customer(5, { balanceMinor: 50_000_000 }); // ₹5,00,000
  const noPin = customer(6);
  const locker = customer(7);
  const replayed = customer(8);
  const twice = customer(9);

  before(async () => {
    bank = await startBankHarness([asha, poor, frozen, dormant, rich, noPin, locker, replayed, twice]);
    await bank.db.pool.query(
      sql.unsafe`UPDATE accounts SET pin_verifier = NULL WHERE ac_num = ${noPin.acNum}`,
    );
    build = requests(bank);
  });
  after(async () => {
    await bank.close();
  });

  it('approves: debits the customer, credits UPI_SETTLEMENT, answers SUCCESS with an approval number', async () => {
    const settlementBefore = await bank.internalBalance('UPI_SETTLEMENT');
    const request = build.debit({ acNum: asha.acNum, amountMinor: 25_000 });
    const reply = await bank.ask(request, 'upi.RespPay.DEBIT.v1');
    expect(reply.head.orgId).to.equal(BANK);
    expect(reply.txn).to.deep.equal({ id: request.txn.id, type: 'DEBIT', custRef: request.txn.custRef });
    expect(reply.resp.reqMsgId).to.equal(request.head.msgId);
    expect(reply.resp.result).to.equal('SUCCESS');
    expect(reply.resp.errCode).to.equal(undefined);
    expect(reply.resp.ref).to.include({
      type: 'PAYER',
      seqNum: 1,
      addr: 'asha@zap',
      settAmountMinor: 25_000,
      respCode: '00',
    });
    expect(reply.resp.ref.approvalNum).to.match(/^[A-Z0-9]{6}$/);
    expect(await bank.balanceOf(asha.acNum)).to.equal(5_000_000 - 25_000);
    expect(await bank.internalBalance('UPI_SETTLEMENT')).to.equal(settlementBefore + 25_000);
  });

  const expectDecline = async (acNum: string, amountMinor: number, code: string, pin?: string) => {
    const before = await bank.balanceOf(acNum);
    const reply = await bank.ask(build.debit({ acNum, amountMinor, pin }), 'upi.RespPay.DEBIT.v1');
    expect(reply.resp).to.include({ result: 'FAILURE', errCode: code });
    expect(reply.resp.ref).to.include({ respCode: code, settAmountMinor: 0 });
    expect(reply.resp.ref.approvalNum).to.equal(undefined);
    expect(await bank.balanceOf(acNum)).to.equal(before);
  };

  it('XH: no such account (and no reply is lost: the answer still goes out)', async () => {
    const reply = await bank.ask(
      build.debit({ acNum: '199999999999', amountMinor: 100 }),
      'upi.RespPay.DEBIT.v1',
    );
    expect(reply.resp).to.include({ result: 'FAILURE', errCode: 'XH' });
  });

  it('YE frozen, ZX dormant', async () => {
    await expectDecline(frozen.acNum, 100, 'YE');
    await expectDecline(dormant.acNum, 100, 'ZX');
  });

  it('AM: no PIN set', async () => {
    await expectDecline(noPin.acNum, 100, 'AM');
  });

  it('ZM: wrong PIN, counting one try; the right PIN then resets the counter', async () => {
    await expectDecline(asha.acNum, 100, 'ZM', '9999');
    expect((await bank.pinState(asha.acNum)).failedTries).to.equal(1);
    await bank.ask(build.debit({ acNum: asha.acNum, amountMinor: 100 }), 'upi.RespPay.DEBIT.v1');
    expect((await bank.pinState(asha.acNum)).failedTries).to.equal(0);
  });

  it('Z6: the 3rd wrong try locks for 24 h; Z6 while locked even with the right PIN; usable again after', async () => {
    await expectDecline(locker.acNum, 100, 'ZM', '9999');
    await expectDecline(locker.acNum, 100, 'ZM', '0000');
    await expectDecline(locker.acNum, 100, 'Z6', '1111');
    const state = await bank.pinState(locker.acNum);
    expect(state.failedTries).to.equal(3);
    expect(state.lockedUntil?.getTime()).to.equal(bank.now().getTime() + PIN_LOCK_MS);
    await expectDecline(locker.acNum, 100, 'Z6'); // right PIN
    bank.setNow(new Date(bank.now().getTime() + PIN_LOCK_MS + 1));
    try {
      const reply = await bank.ask(
        build.debit({ acNum: locker.acNum, amountMinor: 100 }),
        'upi.RespPay.DEBIT.v1',
      );
      expect(reply.resp.result).to.equal('SUCCESS');
      expect(await bank.pinState(locker.acNum)).to.include({ failedTries: 0, lockedUntil: null });
    } finally {
      bank.setNow(new Date(bank.now().getTime() - PIN_LOCK_MS - 1));
    }
  });

  it('Z9: more than the balance', async () => {
    await expectDecline(poor.acNum, 10_001, 'Z9');
  });

  it('Z8: above the ₹1,00,000 per-transaction limit', async () => {
    await expectDecline(rich.acNum, 10_000_001, 'Z8');
  });

  it('ZU: two debits in one day above the ₹1,00,000 daily limit; the next IST day is fresh', async () => {
    const first = await bank.ask(
      build.debit({ acNum: rich.acNum, amountMinor: 6_000_000 }),
      'upi.RespPay.DEBIT.v1',
    );
    expect(first.resp.result).to.equal('SUCCESS');
    await expectDecline(rich.acNum, 5_000_000, 'ZU');
    const saved = bank.now();
    bank.setNow(new Date('2025-11-21T18:30:00.000Z')); // midnight IST
    try {
      const nextDay = await bank.ask(
        build.debit({ acNum: rich.acNum, amountMinor: 5_000_000 }),
        'upi.RespPay.DEBIT.v1',
      );
      expect(nextDay.resp.result).to.equal('SUCCESS');
    } finally {
      bank.setNow(saved);
    }
  });

  it('XB: creds sealed for another txn (a replay) are refused without counting a PIN try or moving money', async () => {
    await expectDecline(replayed.acNum, 100, 'ZM', '9999'); // one honest wrong try first
    const other = { txnId: newTxnId('ZAP'), amountMinor: 100 };
    const before = await bank.balanceOf(replayed.acNum);
    const onOtherTxn = await bank.ask(
      build.debit({ acNum: replayed.acNum, amountMinor: 100, credsFor: other }),
      'upi.RespPay.DEBIT.v1',
    );
    expect(onOtherTxn.resp).to.include({ result: 'FAILURE', errCode: 'XB' });
    const otherAmount = { txnId: newTxnId('ZAP'), amountMinor: 99 };
    const onOtherAmount = await bank.ask(
      build.debit({
        acNum: replayed.acNum,
        amountMinor: 100,
        txnId: otherAmount.txnId,
        credsFor: otherAmount,
      }),
      'upi.RespPay.DEBIT.v1',
    );
    expect(onOtherAmount.resp).to.include({ result: 'FAILURE', errCode: 'XB' });
    expect((await bank.pinState(replayed.acNum)).failedTries).to.equal(1);
    expect(await bank.balanceOf(replayed.acNum)).to.equal(before);
  });

  it('the same DEBIT twice with different message ids: one debit, the original answer twice', async () => {
    const request = build.debit({ acNum: twice.acNum, amountMinor: 70_000 });
    const first = await bank.ask(request, 'upi.RespPay.DEBIT.v1');
    const again = await bank.ask({ ...request }, 'upi.RespPay.DEBIT.v1'); // new messageId: the inbox lets it through
    expect(first.resp.result).to.equal('SUCCESS');
    expect(again.resp.ref).to.deep.equal(first.resp.ref);
    expect(again.head.msgId).to.not.equal(first.head.msgId);
    expect(await bank.balanceOf(twice.acNum)).to.equal(5_000_000 - 70_000);
  });

  it('a declined DEBIT repeated gets its original decline, without a second PIN try', async () => {
    const request = build.debit({ acNum: twice.acNum, amountMinor: 100, pin: '9999' });
    const first = await bank.ask(request, 'upi.RespPay.DEBIT.v1');
    const again = await bank.ask(request, 'upi.RespPay.DEBIT.v1');
    expect(first.resp.errCode).to.equal('ZM');
    expect(again.resp).to.deep.include({ errCode: 'ZM', ref: first.resp.ref });
    expect((await bank.pinState(twice.acNum)).failedTries).to.equal(1);
  });

  it('the ledger still holds after all of the above', async () => {
    const check = await checkLedger(bank.db.pool);
    expect(check.breaches).to.deep.equal([]);
    expect(check.ok).to.equal(true);
  });
});
