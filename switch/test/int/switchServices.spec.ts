/**
 * The non-payment services on real Postgres (handlers in real transactions): status checks, the
 * forwarded requests (ValAdd, ListAccount, SetCre) and the operator HTTP API.
 */
import { expect } from 'chai';
import { sql } from 'slonik';
import type { FastifyInstance } from 'fastify';
import {
  fixture,
  newTxnId,
  type ReqAuthDetails,
  type ReqChkTxn,
  type ReqListAccount,
  type ReqOtp,
  type ReqPayCredit,
  type ReqPayDebit,
  type ReqValAdd,
  type RespChkTxn,
  type RespListAccount,
  type RespOtp,
  type RespValAdd,
} from '@switchyard/contracts';
import { testLog } from '@switchyard/infra/testing';
import type { PermanentError } from '@switchyard/outbox';
import { buildApp } from '../../src/http/app.ts';
import {
  BENEFICIARY,
  PAYEE_PSP,
  PAYER_PSP,
  REMITTER,
  reqPay,
  respAuthDetails,
  respCredit,
  respDebit,
} from './support/peerMessages.ts';
import { createHandlerWorld, type HandlerWorld } from './support/handlerWorld.ts';

const TIMEOUTS_MS = {
  AUTH: 10_000,
  DEBIT: 15_000,
  CREDIT: 15_000,
  DEBIT_REVERSAL: 10_000,
  CREDIT_REVERSAL: 10_000,
};
const OPERATOR_KEY = 'operator-key-for-tests-0001';

describe('switch services: ChkTxn, forwarded requests, operator HTTP', function () {
  this.timeout(30_000);
  let w: HandlerWorld;
  let app: FastifyInstance;
  let completedTxnId: string;
  let pendingTxnId: string;

  before(async () => {
    w = await createHandlerWorld(TIMEOUTS_MS);
    app = await buildApp({
      participant: 'switch',
      db: w.db.db,
      log: testLog('http'),
      operatorKey: OPERATOR_KEY,
      httpLimits: {
        bodySizeMax: 16_384,
        requestTimeoutMs: 5_000,
        connectionTimeoutMs: 5_000,
        keepAliveTimeoutMs: 1_000,
      },
      healthProbes: { rabbitmq: () => true },
      breakers: w.deps.breakers,
    });
    const completed = reqPay();
    completedTxnId = completed.txn.id;
    await w.deliver(PAYER_PSP, completed);
    await w.deliver(
      PAYEE_PSP,
      respAuthDetails((await w.takeSent(completedTxnId))[0].message as ReqAuthDetails),
    );
    await w.deliver(REMITTER, respDebit((await w.takeSent(completedTxnId))[0].message as ReqPayDebit, '00'));
    await w.deliver(
      BENEFICIARY,
      respCredit((await w.takeSent(completedTxnId))[0].message as ReqPayCredit, '00'),
    );
    await w.takeSent(completedTxnId);
    const pending = reqPay();
    pendingTxnId = pending.txn.id;
    await w.deliver(PAYER_PSP, pending);
    await w.takeSent(pendingTxnId);
  });
  after(async () => {
    await app?.close();
    await w?.drop();
  });

  const chkTxn = (orgTxnId: string, prefix = 'ZAP'): ReqChkTxn => {
    const message = fixture('upi.ReqChkTxn.v1');
    message.txn.id = newTxnId(prefix);
    message.txn.orgTxnId = orgTxnId;
    return message;
  };

  const ask = async (from: string, orgTxnId: string, prefix?: string): Promise<RespChkTxn> => {
    const request = chkTxn(orgTxnId, prefix);
    const messageId = await w.deliver(from, request);
    const [answer] = await w.takeSent(orgTxnId);
    expect(answer).to.include({ recipient: from, type: 'upi.RespChkTxn.v1' });
    const message = answer.message as RespChkTxn;
    expect(message.resp.reqMsgId).to.equal(messageId);
    expect(message.txn).to.include({ id: request.txn.id, orgTxnId });
    return message;
  };

  describe('ReqChkTxn', () => {
    it('a completed payment → its final status, refs and RRN', async () => {
      const answer = await ask(PAYER_PSP, completedTxnId);
      expect(answer.resp).to.include({ result: 'SUCCESS', status: 'SUCCESS' });
      expect(answer.resp.refs).to.have.length(2);
      expect(answer.txn.custRef).to.match(/^[0-9]{12}$/);
      expect((await ask(PAYEE_PSP, completedTxnId, 'KIT')).resp.status).to.equal('SUCCESS');
    });

    it('in flight → PENDING', async () => {
      expect((await ask(PAYER_PSP, pendingTxnId)).resp).to.include({ status: 'PENDING' });
    });

    it('at most 3 checks per PSP: the 4th is refused U80 (status PENDING, nothing recorded)', async () => {
      await ask(PAYER_PSP, pendingTxnId);
      await ask(PAYER_PSP, pendingTxnId);
      expect((await ask(PAYER_PSP, pendingTxnId)).resp).to.deep.include({
        result: 'FAILURE',
        status: 'PENDING',
        errCode: 'U80',
        refs: [],
      });
      const checks = await w.db.db.pool.oneFirst(
        sql.unsafe`SELECT count(*)::int8 FROM payment_events WHERE txn_id = ${pendingTxnId} AND type = 'StatusChecked'`,
      );
      expect(checks).to.equal(3);
    });

    it("unknown txn, or someone else's payment → FAILURE U48", async () => {
      expect((await ask(PAYER_PSP, newTxnId('ZAP'))).resp).to.deep.include({
        result: 'FAILURE',
        status: 'FAILURE',
        errCode: 'U48',
        refs: [],
      });
      const other = newTxnId('KIT');
      await w.deliver(PAYEE_PSP, reqPay({ txnId: other, payerAddr: 'meera@kite', payeeAddr: 'vikram@kite' }));
      await w.takeSent(other);
      expect((await ask(PAYER_PSP, other)).resp).to.deep.include({ errCode: 'U48' });
    });
  });

  describe('ReqValAdd / RespValAdd', () => {
    it('forwards to the payee PSP and brings the answer back to the requester', async () => {
      const request = fixture('upi.ReqValAdd.v1');
      request.txn.id = newTxnId('ZAP');
      const requestId = await w.deliver(PAYER_PSP, request);
      const [forwarded] = await w.takeSent(request.txn.id);
      expect(forwarded).to.include({ recipient: PAYEE_PSP, type: 'upi.ReqValAdd.v1' });
      const copy = forwarded.message as ReqValAdd;
      expect(copy.payee.addr).to.equal('vikram@kite');
      expect(copy.head).to.include({ orgId: 'switch', msgId: forwarded.messageId });
      const answer: RespValAdd = {
        type: 'upi.RespValAdd.v1',
        head: copy.head,
        txn: { id: request.txn.id },
        resp: { reqMsgId: copy.head.msgId, result: 'SUCCESS' },
        payee: { addr: 'vikram@kite', name: 'Vikram Singh', ifsc: 'BNYN0000001' },
      };
      let refused: unknown;
      await w.deliver(BENEFICIARY, answer).catch((error: unknown) => (refused = error));
      expect((refused as PermanentError).reason).to.equal('wrong_sender');
      await w.deliver(PAYEE_PSP, answer);
      const [back] = await w.takeSent(request.txn.id);
      expect(back).to.include({ recipient: PAYER_PSP, type: 'upi.RespValAdd.v1' });
      expect((back.message as RespValAdd).resp).to.deep.equal({
        reqMsgId: requestId,
        result: 'SUCCESS',
      });
      expect((back.message as RespValAdd).payee?.name).to.equal('Vikram Singh');
      await w.deliver(PAYEE_PSP, answer);
      expect(await w.takeSent(request.txn.id)).to.deep.equal([]);
    });

    it('unknown payee handle → RespValAdd FAILURE ZH straight back; a reused txn id → U01', async () => {
      const request = fixture('upi.ReqValAdd.v1');
      request.txn.id = newTxnId('ZAP');
      request.payee.addr = 'someone@nowhere';
      const requestId = await w.deliver(PAYER_PSP, request);
      const [refusal] = await w.takeSent(request.txn.id);
      expect(refusal).to.include({ recipient: PAYER_PSP, type: 'upi.RespValAdd.v1' });
      expect((refusal.message as RespValAdd).resp).to.deep.equal({
        reqMsgId: requestId,
        result: 'FAILURE',
        errCode: 'ZH',
      });
      const reused = fixture('upi.ReqValAdd.v1');
      reused.txn.id = newTxnId('ZAP');
      await w.deliver(PAYER_PSP, reused);
      await w.takeSent(reused.txn.id);
      await w.deliver(PAYER_PSP, reused);
      expect(((await w.takeSent(reused.txn.id))[0].message as RespValAdd).resp.errCode).to.equal('U01');
    });
  });

  describe('ReqListAccount / ReqSetCre', () => {
    it('ReqListAccount goes to the bank of the IFSC and its answer back to the PSP', async () => {
      const request = fixture('upi.ReqListAccount.v1');
      request.txn.id = newTxnId('ZAP');
      const requestId = await w.deliver(PAYER_PSP, request);
      const [forwarded] = await w.takeSent(request.txn.id);
      expect(forwarded).to.include({ recipient: REMITTER, type: 'upi.ReqListAccount.v1' });
      const copy = forwarded.message as ReqListAccount;
      const answer = fixture('upi.RespListAccount.v1');
      answer.txn.id = request.txn.id;
      answer.resp.reqMsgId = copy.head.msgId;
      await w.deliver(REMITTER, answer);
      const [back] = await w.takeSent(request.txn.id);
      expect(back).to.include({ recipient: PAYER_PSP, type: 'upi.RespListAccount.v1' });
      expect((back.message as RespListAccount).resp.reqMsgId).to.equal(requestId);
      expect((back.message as RespListAccount).accounts).to.deep.equal(answer.accounts);
    });

    it('an IFSC no bank owns → FAILURE U28 at once', async () => {
      const request = fixture('upi.ReqListAccount.v1');
      request.txn.id = newTxnId('ZAP');
      request.link.ifsc = 'ZZZZ0000001';
      await w.deliver(PAYER_PSP, request);
      const [refusal] = await w.takeSent(request.txn.id);
      expect((refusal.message as RespListAccount).resp).to.include({ result: 'FAILURE', errCode: 'U28' });
    });

    it('ReqSetCre goes to the bank with the PIN block untouched', async () => {
      const request = fixture('upi.ReqSetCre.v1');
      request.txn.id = newTxnId('ZAP');
      await w.deliver(PAYER_PSP, request);
      const [forwarded] = await w.takeSent(request.txn.id);
      expect(forwarded.recipient).to.equal(REMITTER);
      expect((forwarded.message as typeof request).payer.creds).to.deep.equal(request.payer.creds);
    });
  });

  describe('ReqOtp', () => {
    it('goes to the bank of the IFSC and its answer back to the PSP, like ReqSetCre', async () => {
      const request = fixture('upi.ReqOtp.v1');
      request.txn.id = newTxnId('ZAP');
      const requestId = await w.deliver(PAYER_PSP, request);
      const [forwarded] = await w.takeSent(request.txn.id);
      expect(forwarded).to.include({ recipient: REMITTER, type: 'upi.ReqOtp.v1' });
      const copy = forwarded.message as ReqOtp;
      expect(copy.payer).to.deep.equal(request.payer);
      const answer = fixture('upi.RespOtp.v1');
      answer.txn.id = request.txn.id;
      answer.resp = { reqMsgId: copy.head.msgId, result: 'FAILURE', errCode: 'B1' };
      await w.deliver(REMITTER, answer);
      const [back] = await w.takeSent(request.txn.id);
      expect(back).to.include({ recipient: PAYER_PSP, type: 'upi.RespOtp.v1' });
      expect((back.message as RespOtp).resp).to.deep.equal({
        reqMsgId: requestId,
        result: 'FAILURE',
        errCode: 'B1',
      });
    });

    it('an IFSC no bank owns → FAILURE U28 at once; an answer from elsewhere is refused', async () => {
      const request = fixture('upi.ReqOtp.v1');
      request.txn.id = newTxnId('ZAP');
      request.payer.ac.ifsc = 'ZZZZ0000001';
      await w.deliver(PAYER_PSP, request);
      const [refusal] = await w.takeSent(request.txn.id);
      expect((refusal.message as RespOtp).resp).to.include({ result: 'FAILURE', errCode: 'U28' });

      const forwardedOne = fixture('upi.ReqOtp.v1');
      forwardedOne.txn.id = newTxnId('ZAP');
      await w.deliver(PAYER_PSP, forwardedOne);
      const [forwarded] = await w.takeSent(forwardedOne.txn.id);
      const answer = fixture('upi.RespOtp.v1');
      answer.txn.id = forwardedOne.txn.id;
      answer.resp.reqMsgId = forwarded.message.head.msgId;
      let refused: unknown;
      await w.deliver(BENEFICIARY, answer).catch((error: unknown) => (refused = error));
      expect((refused as PermanentError).reason).to.equal('wrong_sender');
    });
  });

  describe('operator HTTP', () => {
    const get = (url: string, key: string | null = OPERATOR_KEY) =>
      app.inject({ method: 'GET', url, headers: key === null ? {} : { 'x-operator-key': key } });

    it('GET /health and /metrics need no key', async () => {
      const health = await get('/health', null);
      expect(health.statusCode).to.equal(200);
      expect(health.json()).to.deep.include({ status: 'ok', checks: { postgres: true, rabbitmq: true } });
      const metrics = await get('/metrics', null);
      expect(metrics.statusCode).to.equal(200);
      expect(metrics.body).to.match(/payments_total\{status="SUCCESS",err_code="00",class="-"\} \d+/);
      expect(metrics.body).to.include('payment_latency_seconds_bucket');
      expect(metrics.body).to.match(/switch_legs_total\{leg="DEBIT",result="approved"\} \d+/);
      expect(metrics.body).to.match(/switch_breaker_state\{bank="bank.lotus"\} 0/);
      expect(health.json().details).to.deep.equal({
        breakers: { 'bank.lotus': 'CLOSED', 'bank.banyan': 'CLOSED' },
      });
    });

    it("GET /v1/breakers (operator key): each bank's breaker, its window and transitions", async () => {
      expect((await get('/v1/breakers', null)).statusCode).to.equal(401);
      const response = await get('/v1/breakers');
      expect(response.statusCode).to.equal(200);
      const { breakers } = response.json<{ breakers: Array<Record<string, unknown>> }>();
      expect(breakers.map((b) => [b.bank, b.status])).to.deep.equal([
        ['bank.lotus', 'CLOSED'],
        ['bank.banyan', 'CLOSED'],
      ]);
      expect(breakers[0]).to.have.keys(['bank', 'status', 'since', 'window', 'transitions']);
    });

    it('/v1 needs X-Operator-Key', async () => {
      expect((await get(`/v1/payments/${completedTxnId}`, null)).statusCode).to.equal(401);
      expect((await get(`/v1/payments/${completedTxnId}`, 'wrong-key-wrong-key')).json()).to.include({
        code: 'SWITCH_ERR_UNAUTHORISED',
      });
    });

    it('GET /v1/payments/:txnId → state, final answer, legs, events; 404 / 400 otherwise', async () => {
      const response = await get(`/v1/payments/${completedTxnId}`);
      expect(response.statusCode).to.equal(200);
      const body = response.json();
      expect(body).to.include({ txnId: completedTxnId, status: 'SUCCESS' });
      expect(body.final).to.include({ result: 'SUCCESS', status: 'SUCCESS' });
      expect(Object.keys(body.payment.legs)).to.deep.equal(['AUTH', 'DEBIT', 'CREDIT']);
      expect(body.events.map((e: { type: string }) => e.type)).to.deep.equal([
        'PaymentInitiated',
        'LegRequested',
        'PayeeResolved',
        'LegRequested',
        'LegAnswered',
        'LegRequested',
        'LegAnswered',
        'PaymentCompleted',
        // the two answered ReqChkTxn above (payer's and payee's PSP) are on the payment's log
        'StatusChecked',
        'StatusChecked',
      ]);
      expect(JSON.stringify(body)).to.not.include('creds');
      expect((await get(`/v1/payments/${newTxnId('ZAP')}`)).statusCode).to.equal(404);
      expect((await get('/v1/payments/not-a-txn-id')).statusCode).to.equal(400);
    });

    it('GET /v1/payments/:txnId/journey → each hop with its time and ms since start', async () => {
      const body = (await get(`/v1/payments/${completedTxnId}/journey`)).json();
      const labels = body.hops.map((hop: { label: string }) => hop.label);
      expect(labels[0]).to.equal('ReqPay PAY received from psp.zap');
      expect(labels[1]).to.equal('ReqAuthDetails sent to psp.kite');
      expect(labels[3]).to.match(/^ReqPay DEBIT sent to bank.lotus \(RRN [0-9]{12}\)$/);
      expect(labels[7]).to.equal('RespPay sent: SUCCESS (SUCCESS) + ReqTxnConfirmation sent');
      const ms = body.hops.map((hop: { msSinceStart: number }) => hop.msSinceStart);
      expect(ms[0]).to.equal(0);
      expect([...ms].sort((a: number, b: number) => a - b)).to.deep.equal(ms);
    });

    it('GET /v1/stats counts payments by status, final status and code', async () => {
      const body = (await get('/v1/stats')).json();
      expect(body.byStatus).to.include({ SUCCESS: 1, AUTH_PENDING: 2 });
      expect(body.total).to.equal(3);
    });
  });
});
