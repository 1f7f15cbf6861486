/**
 * The switch alone, end to end through RabbitMQ and Postgres: the harness plays both PSPs and both banks.
 */
import { expect } from 'chai';
import { sql } from 'slonik';
import { newMessageId, newTxnId, type ReqPayPay } from '@switchyard/contracts';
import { paymentLegTotals } from '../../src/db/paymentLegTotals.ts';
import { rebuildAll } from '../../src/db/rebuildAll.ts';
import {
  BENEFICIARY,
  PAYEE_PSP,
  PAYER_PSP,
  REMITTER,
  reqPay,
  respAuthDetails,
  respCredit,
  respDebit,
  respReversal,
  respTxnConfirmation,
} from './support/peerMessages.ts';
import { sleep, startHarness, type Harness } from './support/switchHarness.ts';

const TIMEOUTS_MS = {
  AUTH: 3_000,
  DEBIT: 2_000,
  CREDIT: 2_000,
  DEBIT_REVERSAL: 1_500,
  CREDIT_REVERSAL: 1_500,
};

describe('switch: P2P push flow through RabbitMQ (harness plays PSPs and banks)', function () {
  this.timeout(30_000);
  let h: Harness;

  before(async () => {
    h = await startHarness(TIMEOUTS_MS);
  });
  after(async () => {
    await h?.stop();
  });

  const row = async (txnId: string) =>
    (await h.db.db.pool.maybeOne(
      sql.unsafe`SELECT status, version, final_status, err_code, rrn FROM payments WHERE txn_id = ${txnId}`,
    )) as {
      status: string;
      version: number;
      final_status: string | null;
      err_code: string | null;
      rrn: string | null;
    } | null;

  /** ReqPay → ReqAuthDetails answered with the payee's account → the ReqPay DEBIT the remitter bank gets. */
  const toDebit = async (request: ReqPayPay, messageId?: string) => {
    const txnId = request.txn.id;
    await h.send(PAYER_PSP, request, messageId);
    const auth = await h.next(PAYEE_PSP, 'upi.ReqAuthDetails.v1', txnId);
    await h.send(PAYEE_PSP, respAuthDetails(auth));
    return h.next(REMITTER, 'upi.ReqPay.DEBIT.v1', txnId);
  };

  const toCredit = async (request: ReqPayPay) => {
    const debit = await toDebit(request);
    await h.send(REMITTER, respDebit(debit, '00'));
    return h.next(BENEFICIARY, 'upi.ReqPay.CREDIT.v1', request.txn.id);
  };

  it('success: auth → debit → credit (only after the debit) → RespPay SUCCESS + ReqTxnConfirmation', async () => {
    const request = reqPay();
    const txnId = request.txn.id;
    const reqPayId = newMessageId();
    const debit = await toDebit(request, reqPayId);
    expect(debit.payer.creds).to.deep.equal(request.payer.creds);
    expect(debit.payer.ac).to.deep.equal(request.payer.ac);
    expect(debit.txn.custRef).to.match(/^[0-9]{12}$/);
    expect(debit.payee.name).to.equal('Vikram Singh');
    expect(h.receivedBy(BENEFICIARY, txnId)).to.deep.equal([]);
    expect(
      await h.db.db.pool.oneFirst(
        sql.unsafe`SELECT count(*)::int FROM payment_creds WHERE txn_id = ${txnId}`,
      ),
    ).to.equal(0);
    await h.send(REMITTER, respDebit(debit, '00'));
    const credit = await h.next(BENEFICIARY, 'upi.ReqPay.CREDIT.v1', txnId);
    expect(credit.txn.custRef).to.equal(debit.txn.custRef);
    expect(credit.payee.ac).to.deep.equal({ acNum: '200000000001', ifsc: 'BNYN0000001' });
    await h.send(BENEFICIARY, respCredit(credit, '00'));
    const final = await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', txnId);
    expect(final.resp).to.deep.include({ reqMsgId: reqPayId, result: 'SUCCESS', status: 'SUCCESS' });
    expect(final.resp.errCode).to.equal(undefined);
    expect(final.txn.custRef).to.equal(debit.txn.custRef);
    expect(final.resp.refs.map((r) => [r.type, r.respCode, r.settAmountMinor])).to.deep.equal([
      ['PAYER', '00', 25_000],
      ['PAYEE', '00', 25_000],
    ]);
    const confirmation = await h.next(PAYEE_PSP, 'upi.ReqTxnConfirmation.v1', txnId);
    expect(confirmation.status).to.include({ result: 'SUCCESS', status: 'SUCCESS' });
    await h.send(PAYEE_PSP, respTxnConfirmation(confirmation));
    await until(async () => (await row(txnId))?.version === 9);
    expect(await row(txnId)).to.include({
      status: 'SUCCESS',
      final_status: 'SUCCESS',
      err_code: null,
      rrn: debit.txn.custRef,
    });
    expect(
      await h.db.db.pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM deadlines WHERE txn_id = ${txnId}`),
    ).to.equal(0);
  });

  it('over the P2P cap → FAILURE U02, nothing sent to the payee PSP or any bank', async () => {
    const request = reqPay({ amountMinor: 10_000_001 });
    await h.send(PAYER_PSP, request);
    const final = await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', request.txn.id);
    expect(final.resp).to.deep.include({ result: 'FAILURE', status: 'FAILURE', errCode: 'U02', refs: [] });
    await sleep(200);
    expect(h.receivedBy(PAYEE_PSP, request.txn.id)).to.deep.equal([]);
    expect(h.receivedBy(REMITTER, request.txn.id)).to.deep.equal([]);
    expect(await row(request.txn.id)).to.include({ status: 'FAILED', err_code: 'U02' });
  });

  it('auth decline → FAILURE U29 with the PSP code, no debit', async () => {
    const request = reqPay({ payeeAddr: 'nobody@kite' });
    await h.send(PAYER_PSP, request);
    const auth = await h.next(PAYEE_PSP, 'upi.ReqAuthDetails.v1', request.txn.id);
    await h.send(PAYEE_PSP, respAuthDetails(auth, { errCode: 'ZH' }));
    const final = await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', request.txn.id);
    expect(final.resp).to.deep.include({ result: 'FAILURE', errCode: 'U29' });
    expect(final.resp.refs).to.deep.equal([
      { type: 'PAYEE', seqNum: 1, addr: 'nobody@kite', settAmountMinor: 0, respCode: 'ZH' },
    ]);
    expect((await h.next(PAYEE_PSP, 'upi.ReqTxnConfirmation.v1', request.txn.id)).status.errCode).to.equal(
      'U29',
    );
    expect(h.receivedBy(REMITTER, request.txn.id)).to.deep.equal([]);
  });

  it('unknown payee handle → FAILURE U29/ZH straight away', async () => {
    const request = reqPay({ payeeAddr: 'vikram@nowhere' });
    await h.send(PAYER_PSP, request);
    const final = await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', request.txn.id);
    expect(final.resp).to.deep.include({ errCode: 'U29' });
    expect(final.resp.refs[0]).to.include({ type: 'PAYEE', respCode: 'ZH' });
  });

  it('debit decline Z9 → FAILURE U30/Z9, no credit', async () => {
    const request = reqPay();
    const debit = await toDebit(request);
    await h.send(REMITTER, respDebit(debit, 'Z9'));
    const final = await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', request.txn.id);
    expect(final.resp).to.deep.include({ result: 'FAILURE', status: 'FAILURE', errCode: 'U30' });
    expect(final.resp.refs).to.deep.equal([
      { type: 'PAYER', seqNum: 1, addr: 'asha@zap', settAmountMinor: 0, respCode: 'Z9' },
    ]);
    await h.next(PAYEE_PSP, 'upi.ReqTxnConfirmation.v1', request.txn.id);
    expect(h.receivedBy(BENEFICIARY, request.txn.id)).to.deep.equal([]);
  });

  it('credit decline → debit reversal → 00 → FAILURE U31 + the credit leg code', async () => {
    const request = reqPay();
    const credit = await toCredit(request);
    await h.send(BENEFICIARY, respCredit(credit, 'XI'));
    const reversal = await h.next(REMITTER, 'upi.ReqPay.REVERSAL.v1', request.txn.id);
    expect(reversal.txn).to.include({
      subType: 'DEBIT',
      orgTxnId: request.txn.id,
      orgRespCode: '00',
      custRef: credit.txn.custRef,
    });
    expect(reversal.ac).to.deep.equal(request.payer.ac);
    expect(reversal.amount.valueMinor).to.equal(25_000);
    await h.send(REMITTER, respReversal(reversal, '00', REMITTER));
    const final = await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', request.txn.id);
    expect(final.resp).to.deep.include({ result: 'FAILURE', errCode: 'U31' });
    expect(final.resp.refs.map((r) => [r.type, r.respCode, r.settAmountMinor])).to.deep.equal([
      ['PAYER', '00', 0],
      ['PAYEE', 'XI', 0],
    ]);
  });

  it('duplicate txn id → U01 to the sender (reqMsgId = the duplicate), the original payment untouched', async () => {
    const request = reqPay();
    const txnId = request.txn.id;
    const originalId = await h.send(PAYER_PSP, request);
    const auth = await h.next(PAYEE_PSP, 'upi.ReqAuthDetails.v1', txnId);
    const before = await row(txnId);
    const eventsBefore = await h.db.db.pool.oneFirst(
      sql.unsafe`SELECT count(*)::int FROM payment_events WHERE txn_id = ${txnId}`,
    );
    const duplicateId = await h.send(PAYER_PSP, reqPay({ txnId, amountMinor: 99 }));
    const refusal = await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', txnId);
    expect(refusal.resp).to.deep.equal({
      reqMsgId: duplicateId,
      result: 'FAILURE',
      status: 'FAILURE',
      errCode: 'U01',
      refs: [],
    });
    expect(await row(txnId)).to.deep.equal(before);
    expect(
      await h.db.db.pool.oneFirst(
        sql.unsafe`SELECT count(*)::int FROM payment_events WHERE txn_id = ${txnId}`,
      ),
    ).to.equal(eventsBefore);
    expect(h.receivedBy(PAYEE_PSP, txnId).length).to.equal(1);
    await h.send(PAYEE_PSP, respAuthDetails(auth));
    const debit = await h.next(REMITTER, 'upi.ReqPay.DEBIT.v1', txnId);
    expect(debit.amount.valueMinor).to.equal(25_000);
    await h.send(REMITTER, respDebit(debit, 'ZM'));
    expect((await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', txnId)).resp).to.deep.include({
      reqMsgId: originalId,
      errCode: 'U30',
    });
  });

  it('debit timeout → debit reversal (orgRespCode UT) → 00 → FAILURE U67/UT; a late debit answer changes nothing', async () => {
    const request = reqPay();
    const debit = await toDebit(request);
    const reversal = await h.next(REMITTER, 'upi.ReqPay.REVERSAL.v1', request.txn.id, 6_000);
    expect(reversal.txn).to.include({ subType: 'DEBIT', orgRespCode: 'UT' });
    await h.send(REMITTER, respReversal(reversal, '00', REMITTER));
    const final = await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', request.txn.id);
    expect(final.resp).to.deep.include({ result: 'FAILURE', errCode: 'U67' });
    expect(final.resp.refs).to.deep.equal([
      { type: 'PAYER', seqNum: 1, addr: 'asha@zap', settAmountMinor: 0, respCode: 'UT' },
    ]);
    await h.send(REMITTER, respDebit(debit, '00'));
    await until(
      async () =>
        (await h.db.db.pool.oneFirst(sql.unsafe`
      SELECT count(*)::int FROM payment_events WHERE txn_id = ${request.txn.id} AND type = 'LateResponseRecorded'`)) ===
        1,
    );
    expect(await row(request.txn.id)).to.include({ status: 'FAILED', err_code: 'U67' });
    await sleep(200);
    expect(h.receivedBy(BENEFICIARY, request.txn.id)).to.deep.equal([]);
    expect(h.receivedBy(PAYER_PSP, request.txn.id).length).to.equal(1);
  });

  it('credit timeout → credit reversal → CS → SUCCESS', async () => {
    const request = reqPay();
    const credit = await toCredit(request);
    const reversal = await h.next(BENEFICIARY, 'upi.ReqPay.REVERSAL.v1', request.txn.id, 6_000);
    expect(reversal.txn).to.include({ subType: 'CREDIT', orgRespCode: 'BT' });
    expect(reversal.ac).to.deep.equal(credit.payee.ac);
    await h.send(BENEFICIARY, respReversal(reversal, 'CS', BENEFICIARY));
    const final = await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', request.txn.id);
    expect(final.resp).to.deep.include({ result: 'SUCCESS', status: 'SUCCESS' });
    expect(await row(request.txn.id)).to.include({ status: 'SUCCESS' });
  });

  it('credit timeout → credit reversal → 96 → DEEMED', async () => {
    const request = reqPay();
    await toCredit(request);
    const reversal = await h.next(BENEFICIARY, 'upi.ReqPay.REVERSAL.v1', request.txn.id, 6_000);
    await h.send(BENEFICIARY, respReversal(reversal, '96', BENEFICIARY));
    const final = await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', request.txn.id);
    expect(final.resp).to.deep.include({ result: 'SUCCESS', status: 'DEEMED', errCode: '96' });
    expect((await h.next(PAYEE_PSP, 'upi.ReqTxnConfirmation.v1', request.txn.id)).status.status).to.equal(
      'DEEMED',
    );
    expect(await row(request.txn.id)).to.include({ status: 'DEEMED', final_status: 'DEEMED' });
  });

  it('a ReqPay from a PSP that does not own the payer handle is dead-lettered, nobody is answered', async () => {
    const request = reqPay({ txnId: newTxnId('KIT') });
    await h.send(PAYEE_PSP, request);
    let letters: Array<{ reason: string; type: string }> = [];
    await until(async () => (letters = await h.deadLetters()).length > 0);
    expect(letters).to.deep.equal([{ reason: 'payer_handle_not_owned', type: 'upi.ReqPay.PAY.v1' }]);
    expect(await row(request.txn.id)).to.equal(null);
  });

  it('every payment above rebuilds from its events; leg totals match what the banks were told', async () => {
    const report = await rebuildAll(h.db.db.pool);
    expect(report.mismatches).to.deep.equal([]);
    expect(report.checked).to.equal(10);
    const totals = await paymentLegTotals(h.db.db.pool);
    const lotus = totals.banks.find((b) => b.bank === REMITTER)!;
    const banyan = totals.banks.find((b) => b.bank === BENEFICIARY)!;
    // debited: success, U31, U67 (late 00, then reversed), CS, 96 (DEEMED); the duplicate's original was declined
    expect(lotus.debitedMinor).to.equal(5 * 25_000);
    expect(lotus.debitReversedMinor).to.equal(2 * 25_000);
    expect(banyan.creditedMinor).to.equal(2 * 25_000);
    expect(totals.uncertain.map((p) => p.status)).to.deep.equal(['DEEMED']);
    expect(totals.nonTerminalCount).to.equal(0);
    expect(banyan.netMinor).to.equal(2 * 25_000);
    expect(lotus.netMinor).to.equal(-3 * 25_000);
  });
});

const until = async (condition: () => Promise<boolean>, timeoutMs = 8_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(25);
  }
};
