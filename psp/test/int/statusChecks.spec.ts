/**
 * Status checks at the PSP (docs/upi.md §6.3): POST /v1/payments/:txnId/check within NPCI's schedule, the
 * background checker, and RespChkTxn applied like a final answer (reaching the WebSocket); a DEEMED
 * payment that later becomes SUCCESS or FAILURE reaches the payer's WebSocket too.
 */
import { expect } from 'chai';
import { fixture, type RespChkTxn } from '@switchyard/contracts';
import { startStatusChecker } from '../../src/runtime/statusChecker.ts';
import { sendStatusCheck } from '../../src/payments/checkPayment.ts';
import { startPspTestApp, type PspTestApp } from './support/pspTestApp.ts';
import { respPayFor, startPayment } from './support/payFlow.ts';
import { userWithVpa, type TestUser } from './support/users.ts';
import { connect } from './support/wsClient.ts';

const chkAnswer = (
  orgTxnId: string,
  resp: Partial<RespChkTxn['resp']> & Pick<RespChkTxn['resp'], 'status' | 'result'>,
): RespChkTxn => {
  const message = fixture('upi.RespChkTxn.v1');
  message.txn.orgTxnId = orgTxnId;
  message.resp = { ...message.resp, refs: [], ...resp };
  if (resp.errCode === undefined) delete message.resp.errCode;
  return message;
};

describe('psp: status checks (ReqChkTxn)', () => {
  let psp: PspTestApp;
  let asha: TestUser & { vpa: string };

  before(async () => {
    psp = await startPspTestApp({ statusChecks: { delayMinMs: 0, checksMax: 3 } });
    asha = await userWithVpa(psp, 'asha', '100000000001');
  });
  after(async () => {
    await psp.close();
  });

  const check = async (txnId: string) => {
    const response = await psp.app.inject({
      method: 'POST',
      url: `/v1/payments/${txnId}/check`,
      headers: asha.headers,
    });
    expect(response.statusCode, response.body).to.equal(200);
    return response.json<{
      payment: { status: string };
      check: { sent: boolean; refusedBecause: string | null; checksSent: number; nextCheckAt: string | null };
    }>();
  };

  it('POST /check sends a ReqChkTxn for the payment (3 at most), then refuses: checks_exhausted', async () => {
    const { txnId } = await startPayment(psp, asha, 'vikram@kite');
    for (let n = 1; n <= 3; n += 1) {
      const answer = await check(txnId);
      expect(answer.check).to.include({ sent: true, refusedBecause: null, checksSent: n });
      const sent = await psp.nextOutbox('upi.ReqChkTxn.v1');
      expect(sent.message.txn).to.include({ orgTxnId: txnId, type: 'ChkTxn' });
      expect(sent.message.txn.id).to.match(/^ZAP/).and.not.equal(txnId);
    }
    const refused = await check(txnId);
    expect(refused.check).to.deep.equal({
      sent: false,
      refusedBecause: 'checks_exhausted',
      checksSent: 3,
      nextCheckAt: null,
    });
    expect(refused.payment.status).to.equal('PENDING');
    expect(await psp.takeOutbox('upi.ReqChkTxn.v1')).to.deep.equal([]);
  });

  it("someone else's payment → 404", async () => {
    const response = await psp.app.inject({
      method: 'POST',
      url: `/v1/payments/ZAP${'x'.repeat(32)}/check`,
      headers: asha.headers,
    });
    expect(response.statusCode).to.equal(404);
  });

  it('RespChkTxn SUCCESS is applied like a final answer and reaches the WebSocket; U80 (refused) changes nothing', async () => {
    const socket = await connect(psp, asha);
    try {
      const { txnId } = await startPayment(psp, asha, 'vikram@kite');
      await psp.deliver(chkAnswer(txnId, { result: 'FAILURE', status: 'PENDING', errCode: 'U80' }));
      await psp.deliver(chkAnswer(txnId, { result: 'SUCCESS', status: 'PENDING' }));
      expect((await check(txnId)).payment.status).to.equal('PENDING');
      await psp.deliver(chkAnswer(txnId, { result: 'SUCCESS', status: 'SUCCESS' }));
      expect((await socket.next((f) => f.txnId === txnId && f.status === 'SUCCESS')).role).to.equal('PAYER');
      expect((await check(txnId)).check).to.include({ sent: false, refusedBecause: 'final' });
    } finally {
      socket.ws.terminate();
    }
  });

  it('RespChkTxn U48 (txn not present) ends the payment FAILURE (docs/upi.md §6.3)', async () => {
    const { txnId } = await startPayment(psp, asha, 'vikram@kite');
    await psp.deliver(chkAnswer(txnId, { result: 'FAILURE', status: 'FAILURE', errCode: 'U48' }));
    expect((await check(txnId)).payment.status).to.equal('FAILURE');
  });

  it("a DEEMED payment later resolved (SUCCESS, or FAILURE U34 after RET) reaches the payer's WebSocket", async () => {
    const socket = await connect(psp, asha);
    try {
      for (const later of [{ status: 'SUCCESS' as const }, { status: 'FAILURE' as const, errCode: 'U34' }]) {
        const { txnId, requestMessageId } = await startPayment(psp, asha, 'vikram@kite');
        await psp.deliver(
          respPayFor(txnId, requestMessageId, asha.vpa, 'vikram@kite', {
            status: 'DEEMED',
            errCode: 'RB',
            payeeCode: 'RB',
          }),
        );
        await socket.next((f) => f.txnId === txnId && f.status === 'DEEMED');
        await psp.deliver(respPayFor(txnId, requestMessageId, asha.vpa, 'vikram@kite', later));
        const pushed = await socket.next((f) => f.txnId === txnId && f.status === later.status);
        expect(pushed.errCode ?? null).to.equal(later.errCode ?? null);
      }
    } finally {
      socket.ws.terminate();
    }
  });

  it('the background checker sends the due checks of pending payments, once per slot', async () => {
    const checker = await startPspTestApp({ statusChecks: { delayMinMs: 300, checksMax: 2 } });
    try {
      const ravi = await userWithVpa(checker, 'ravi', '100000000002');
      const { txnId } = await startPayment(checker, ravi, 'vikram@kite');
      const rules = { delayMinMs: 300, checksMax: 2 };
      const deps = { ...checker.deps, statusChecks: rules };
      const loop = startStatusChecker({
        db: checker.db,
        log: checker.deps.log,
        intervalMs: 50,
        rules,
        now: () => new Date(),
        send: (tx, id, role) => sendStatusCheck({ ...deps, txnPrefix: 'ZAP' }, tx, id, role),
      });
      try {
        const first = await checker.nextOutbox('upi.ReqChkTxn.v1', 5_000);
        const second = await checker.nextOutbox('upi.ReqChkTxn.v1', 5_000);
        expect([first, second].map((s) => s.message.txn.orgTxnId)).to.deep.equal([txnId, txnId]);
        await new Promise((resolve) => setTimeout(resolve, 800));
        expect(await checker.takeOutbox('upi.ReqChkTxn.v1')).to.deep.equal([]);
      } finally {
        await loop.stop();
      }
    } finally {
      await checker.close();
    }
  });
});
