/**
 * Resolution of uncertain outcomes, end to end at the switch through RabbitMQ and Postgres (the harness
 * plays the PSPs and banks, answering late or not at all): DEEMED resolved both ways, the stranded case,
 * unanswered reversals retried then auto-reversed, and forwarded requests answered with a code on timeout.
 */
import { expect } from 'chai';
import { sql } from 'slonik';
import type {
  ReqAutoReversal,
  ReqChkTxnCredit,
  ReqPayPay,
  RespAutoReversal,
  RespChkTxnCredit,
} from '@switchyard/contracts';
import { fixture, newTxnId } from '@switchyard/contracts';
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
} from './support/peerMessages.ts';
import { startHarness, type Harness } from './support/switchHarness.ts';

const TIMEOUTS_MS = {
  AUTH: 3_000,
  DEBIT: 800,
  CREDIT: 800,
  DEBIT_REVERSAL: 400,
  CREDIT_REVERSAL: 600,
  CREDIT_CHECK: 3_000,
  AUTO_REVERSAL: 3_000,
};

const checkAnswer = (request: ReqChkTxnCredit, respCode: string): RespChkTxnCredit => ({
  type: 'upi.RespChkTxn.CREDIT.v1',
  head: { ...request.head, orgId: BENEFICIARY },
  txn: { id: request.txn.id, custRef: request.txn.custRef, orgTxnId: request.txn.orgTxnId },
  resp: {
    reqMsgId: request.head.msgId,
    result: respCode === 'CS' ? 'SUCCESS' : 'FAILURE',
    ref: {
      type: 'PAYEE',
      seqNum: 1,
      addr: 'vikram@kite',
      settAmountMinor: respCode === 'CS' ? request.amount.valueMinor : 0,
      respCode,
    },
  },
});

const autoReversalAnswer = (request: ReqAutoReversal, respCode: string): RespAutoReversal => ({
  type: 'upi.RespAutoReversal.v1',
  head: { ...request.head, orgId: REMITTER },
  txn: { id: request.txn.id, custRef: request.txn.custRef, orgTxnId: request.txn.orgTxnId },
  resp: {
    reqMsgId: request.head.msgId,
    result: respCode === '00' ? 'SUCCESS' : 'FAILURE',
    ref: {
      type: 'PAYER',
      seqNum: 1,
      addr: 'asha@zap',
      settAmountMinor: respCode === '00' ? request.amount.valueMinor : 0,
      respCode,
    },
  },
});

describe('switch: uncertain outcomes resolved (harness plays PSPs and banks)', function () {
  this.timeout(60_000);
  let h: Harness;

  before(async () => {
    h = await startHarness(TIMEOUTS_MS, {
      resolution: { reversalAttemptsMax: 3, windowMs: 60_000 },
      forwardTimeoutsMs: { VALADD: 1_000 },
    });
  });
  after(async () => {
    await h?.stop();
  });

  const statusOf = async (txnId: string) =>
    h.db.db.pool.oneFirst(sql.unsafe`SELECT status FROM payments WHERE txn_id = ${txnId}`);

  const toCredit = async (request: ReqPayPay) => {
    const txnId = request.txn.id;
    await h.send(PAYER_PSP, request);
    await h.send(PAYEE_PSP, respAuthDetails(await h.next(PAYEE_PSP, 'upi.ReqAuthDetails.v1', txnId)));
    await h.send(REMITTER, respDebit(await h.next(REMITTER, 'upi.ReqPay.DEBIT.v1', txnId), '00'));
    return h.next(BENEFICIARY, 'upi.ReqPay.CREDIT.v1', txnId);
  };

  /** Credit and credit reversal both unanswered: DEEMED RB told to both PSPs, the credit check sent. */
  const toDeemed = async (request: ReqPayPay) => {
    const txnId = request.txn.id;
    const credit = await toCredit(request);
    const reversal = await h.next(BENEFICIARY, 'upi.ReqPay.REVERSAL.v1', txnId);
    const deemed = await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', txnId);
    expect(deemed.resp).to.include({ status: 'DEEMED', errCode: 'RB' });
    expect((await h.next(PAYEE_PSP, 'upi.ReqTxnConfirmation.v1', txnId)).status.status).to.equal('DEEMED');
    const check = await h.next(BENEFICIARY, 'upi.ReqChkTxn.CREDIT.v1', txnId);
    expect(check.txn).to.include({ orgTxnId: txnId, custRef: credit.txn.custRef });
    return { credit, reversal, check };
  };

  it('DEEMED → the bank confirms the credit (TCC) → SUCCESS to both PSPs', async () => {
    const request = reqPay();
    const { check } = await toDeemed(request);
    await h.send(BENEFICIARY, checkAnswer(check, 'CS'));
    const final = await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', request.txn.id);
    expect(final.resp).to.include({ result: 'SUCCESS', status: 'SUCCESS' });
    expect((await h.next(PAYEE_PSP, 'upi.ReqTxnConfirmation.v1', request.txn.id)).status.status).to.equal(
      'SUCCESS',
    );
    expect(await statusOf(request.txn.id)).to.equal('SUCCESS');
  });

  it('DEEMED → not credited (RET) → debit reversal → REVERSED, FAILURE U34 to both PSPs', async () => {
    const request = reqPay();
    const { check } = await toDeemed(request);
    await h.send(BENEFICIARY, checkAnswer(check, 'NC'));
    const returned = await h.next(REMITTER, 'upi.ReqPay.REVERSAL.v1', request.txn.id);
    expect(returned.txn).to.include({ subType: 'DEBIT', orgRespCode: '00' });
    await h.send(REMITTER, respReversal(returned, '00', REMITTER));
    const final = await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', request.txn.id);
    expect(final.resp).to.include({ result: 'FAILURE', status: 'FAILURE', errCode: 'U34' });
    expect((await h.next(PAYEE_PSP, 'upi.ReqTxnConfirmation.v1', request.txn.id)).status.status).to.equal(
      'FAILURE',
    );
    expect(await statusOf(request.txn.id)).to.equal('REVERSED');
  });

  it('the stranded case: the bank applies the queued credit, then the queued credit reversal → the late 00 drives RET at once → REVERSED, money conserved', async () => {
    const request = reqPay();
    const txnId = request.txn.id;
    const { credit, reversal } = await toDeemed(request);
    await h.send(BENEFICIARY, respCredit(credit, '00'));
    await h.send(BENEFICIARY, respReversal(reversal, '00', BENEFICIARY));
    const returned = await h.next(REMITTER, 'upi.ReqPay.REVERSAL.v1', txnId);
    await h.send(REMITTER, respReversal(returned, '00', REMITTER));
    const final = await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', txnId);
    expect(final.resp).to.include({ status: 'FAILURE', errCode: 'U34' });
    expect(final.resp.refs.map((ref) => ref.settAmountMinor)).to.deep.equal([0, 0]);
    expect(await statusOf(txnId)).to.equal('REVERSED');
    const money = (await h.db.db.pool.one(sql.unsafe`
      SELECT debited_minor, debit_reversed_minor, credited_minor, credit_reversed_minor FROM payments WHERE txn_id = ${txnId}`)) as Record<
      string,
      number
    >;
    expect(money).to.deep.equal({
      debited_minor: 25_000,
      debit_reversed_minor: 25_000,
      credited_minor: 25_000,
      credit_reversed_minor: 25_000,
    });
  });

  it('RR: the debit reversal is re-sent (3 requests), then the remitter is told to auto-reverse → REVERSED', async () => {
    const request = reqPay();
    const txnId = request.txn.id;
    await h.send(PAYER_PSP, request);
    await h.send(PAYEE_PSP, respAuthDetails(await h.next(PAYEE_PSP, 'upi.ReqAuthDetails.v1', txnId)));
    await h.next(REMITTER, 'upi.ReqPay.DEBIT.v1', txnId);
    const attempts = [];
    for (let n = 0; n < 3; n += 1) attempts.push(await h.next(REMITTER, 'upi.ReqPay.REVERSAL.v1', txnId));
    expect(new Set(attempts.map((a) => a.head.msgId)).size).to.equal(3);
    expect(attempts.every((a) => a.txn.orgRespCode === 'UT')).to.equal(true);
    const first = await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', txnId);
    expect(first.resp).to.include({ status: 'FAILURE', errCode: 'U67' });
    expect(first.resp.refs[0]).to.include({ respCode: 'RR' });
    const auto = await h.next(REMITTER, 'upi.ReqAutoReversal.v1', txnId, 15_000);
    expect(await statusOf(txnId)).to.equal('REVERSAL_UNKNOWN');
    await h.send(REMITTER, autoReversalAnswer(auto, '00'));
    await until(async () => (await statusOf(txnId)) === 'REVERSED');
    // Still FAILURE for the PSPs: they are not told again.
    expect(h.receivedBy(PAYER_PSP, txnId).filter((r) => r.type === 'upi.RespPay.PAY.v1')).to.have.length(1);
  });

  it('a forwarded ReqValAdd nobody answers → RespValAdd FAILURE U93 to the requester; the late answer is dropped', async () => {
    const request = fixture('upi.ReqValAdd.v1');
    request.txn.id = newTxnId('ZAP');
    await h.send(PAYER_PSP, request);
    const forwarded = await h.next(PAYEE_PSP, 'upi.ReqValAdd.v1', request.txn.id);
    const answer = await h.next(PAYER_PSP, 'upi.RespValAdd.v1', request.txn.id, 15_000);
    expect(answer.resp).to.include({ result: 'FAILURE', errCode: 'U93' });
    await h.send(PAYEE_PSP, {
      type: 'upi.RespValAdd.v1',
      head: forwarded.head,
      txn: { id: request.txn.id },
      resp: { reqMsgId: forwarded.head.msgId, result: 'SUCCESS' },
      payee: { addr: 'vikram@kite', name: 'Vikram Singh', ifsc: 'BNYN0000001' },
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      h.receivedBy(PAYER_PSP, request.txn.id).filter((r) => r.type === 'upi.RespValAdd.v1'),
    ).to.have.length(1);
  });

  it('every payment rebuilds from its events (the new event types fold too); the uncertain list holds none of the resolved', async () => {
    const report = await rebuildAll(h.db.db.pool);
    expect(report.mismatches).to.deep.equal([]);
    expect(report.checked).to.equal(4);
    const totals = await paymentLegTotals(h.db.db.pool);
    expect(totals.uncertainCount).to.equal(0);
  });
});

const until = async (condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};
