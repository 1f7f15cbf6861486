import { expect } from 'chai';
import { sql } from 'slonik';
import {
  fixture,
  newMessageId,
  newTxnId,
  type RespAuthDetails,
  type RespTxnConfirmation,
  type RespValAdd,
} from '@switchyard/contracts';
import { startPspTestApp, type PspTestApp } from './support/pspTestApp.ts';
import { respPayFor, startPayment } from './support/payFlow.ts';
import { userWithVpa, type TestUser } from './support/users.ts';
import { connect } from './support/wsClient.ts';

describe('psp: message handlers', () => {
  let psp: PspTestApp;
  let asha: TestUser & { vpa: string };
  let vikram: TestUser & { vpa: string };
  before(async () => {
    psp = await startPspTestApp();
    asha = await userWithVpa(psp, 'asha', '100000000001');
    vikram = await userWithVpa(psp, 'Vikram', '200000000001', 'BNYN0000001');
  });
  after(async () => {
    await psp.close();
  });

  it('RespPay: the final status updates the payment and reaches the payer over the WebSocket', async () => {
    const socket = await connect(psp, asha);
    try {
      const { txnId, requestMessageId } = await startPayment(psp, asha, 'someone@kite');
      expect((await socket.next((f) => f.txnId === txnId)).status).to.equal('PENDING');
      expect(psp.deps.admission.inFlight(Date.now())).to.equal(1);
      await psp.deliver(
        respPayFor(txnId, requestMessageId, asha.vpa, 'someone@kite', {
          status: 'FAILURE',
          errCode: 'U30',
          payerCode: 'Z9',
        }),
      );
      const pushed = await socket.next((f) => f.txnId === txnId && f.status !== 'PENDING');
      expect(pushed).to.include({
        event: 'payment.status',
        status: 'FAILURE',
        errCode: 'U30',
        declineClass: 'BD',
        role: 'PAYER',
      });
      const view = (
        await psp.app.inject({ method: 'GET', url: `/v1/payments/${txnId}`, headers: asha.headers })
      ).json();
      expect(view).to.include({
        status: 'FAILURE',
        errCode: 'U30',
        declineClass: 'BD',
        custRef: '532500000042',
      });
      expect(view.legs).to.deep.equal([
        {
          type: 'PAYER',
          seqNum: 1,
          addr: asha.vpa,
          respCode: 'Z9',
          settAmount: '0.00',
          approvalNum: null,
          declineClass: 'BD',
        },
      ]);
      expect(view.finalAt).to.be.a('string');
      expect(psp.deps.admission.inFlight(Date.now())).to.equal(0);
    } finally {
      socket.ws.terminate();
    }
  });

  it('RespPay: a duplicate notice (FAILURE U01 answering another msgId) is recorded and changes nothing', async () => {
    const { txnId, requestMessageId } = await startPayment(psp, asha, 'someone@kite');
    const notice = respPayFor(txnId, newMessageId(), asha.vpa, 'someone@kite', {
      status: 'FAILURE',
      errCode: 'U01',
    });
    notice.resp.refs = [];
    await psp.deliver(notice);
    let view = (
      await psp.app.inject({ method: 'GET', url: `/v1/payments/${txnId}`, headers: asha.headers })
    ).json();
    expect(view).to.include({ status: 'PENDING', errCode: null });
    const notices = await psp.db.pool.any(
      sql.unsafe`SELECT reason, err_code FROM payment_notices WHERE txn_id = ${txnId}`,
    );
    expect(notices).to.deep.equal([{ reason: 'duplicate_notice', err_code: 'U01' }]);

    await psp.deliver(respPayFor(txnId, requestMessageId, asha.vpa, 'someone@kite', { status: 'SUCCESS' }));
    view = (
      await psp.app.inject({ method: 'GET', url: `/v1/payments/${txnId}`, headers: asha.headers })
    ).json();
    expect(view).to.include({ status: 'SUCCESS', errCode: null, declineClass: null });
    // A later answer, even to our own ReqPay, never overturns a final status.
    await psp.deliver(
      respPayFor(txnId, requestMessageId, asha.vpa, 'someone@kite', { status: 'FAILURE', errCode: 'U68' }),
    );
    view = (
      await psp.app.inject({ method: 'GET', url: `/v1/payments/${txnId}`, headers: asha.headers })
    ).json();
    expect(view.status).to.equal('SUCCESS');
  });

  it('RespPay: DEEMED is not final — a later resolution moves it', async () => {
    const { txnId, requestMessageId } = await startPayment(psp, asha, 'someone@kite');
    await psp.deliver(
      respPayFor(txnId, requestMessageId, asha.vpa, 'someone@kite', {
        status: 'DEEMED',
        errCode: 'U68',
        payeeCode: 'RB',
      }),
    );
    let view = (
      await psp.app.inject({ method: 'GET', url: `/v1/payments/${txnId}`, headers: asha.headers })
    ).json();
    expect(view).to.include({ status: 'DEEMED', errCode: 'U68', declineClass: 'TD', finalAt: null });
    await psp.deliver(respPayFor(txnId, requestMessageId, asha.vpa, 'someone@kite', { status: 'SUCCESS' }));
    view = (
      await psp.app.inject({ method: 'GET', url: `/v1/payments/${txnId}`, headers: asha.headers })
    ).json();
    expect(view.status).to.equal('SUCCESS');
  });

  it('RespPay: for a txn we never sent is a permanent error', async () => {
    let error: unknown;
    try {
      await psp.deliver(
        respPayFor(newTxnId('ZAP'), newMessageId(), asha.vpa, 'x@kite', { status: 'SUCCESS' }),
      );
    } catch (e) {
      error = e;
    }
    expect((error as { code?: string }).code).to.equal('OUTBOX_ERR_PERMANENT');
  });

  it('ReqAuthDetails: resolves our VPA (any letter case) to its account, and answers ZH for an unknown one', async () => {
    const request = fixture('upi.ReqAuthDetails.v1');
    request.payee.addr = 'VIKRAM@zap';
    await psp.deliver(request, newMessageId());
    const [known] = await psp.takeOutbox('upi.RespAuthDetails.v1');
    const answer = known.message as RespAuthDetails;
    expect(known.recipient).to.equal('switch');
    expect(answer.txn.id).to.equal(request.txn.id);
    expect(answer.resp).to.deep.equal({ reqMsgId: request.head.msgId, result: 'SUCCESS' });
    expect(answer.payee).to.deep.equal({
      addr: 'Vikram@zap',
      name: 'User Vikram',
      ac: { acNum: '200000000001', ifsc: 'BNYN0000001' },
    });

    const unknown = fixture('upi.ReqAuthDetails.v1');
    unknown.payee.addr = 'ghost@zap';
    await psp.deliver(unknown);
    const [refused] = await psp.takeOutbox('upi.RespAuthDetails.v1');
    expect((refused.message as RespAuthDetails).resp).to.deep.equal({
      reqMsgId: unknown.head.msgId,
      result: 'FAILURE',
      errCode: 'ZH',
    });
    expect((refused.message as RespAuthDetails).payee).to.equal(undefined);
  });

  it('ReqValAdd: answers the verified name of our VPA, or ZH', async () => {
    const request = fixture('upi.ReqValAdd.v1');
    request.payee.addr = 'vikram@zap';
    await psp.deliver(request);
    const [answer] = await psp.takeOutbox('upi.RespValAdd.v1');
    expect((answer.message as RespValAdd).payee).to.deep.equal({
      addr: 'Vikram@zap',
      name: 'User Vikram',
      ifsc: 'BNYN0000001',
    });
    request.payee.addr = 'nobody@zap';
    await psp.deliver(request);
    const [refused] = await psp.takeOutbox('upi.RespValAdd.v1');
    expect((refused.message as RespValAdd).resp).to.include({ result: 'FAILURE', errCode: 'ZH' });
  });

  it('ReqTxnConfirmation: records the credit for the payee, answers, and pushes it to the payee', async () => {
    const socket = await connect(psp, vikram);
    try {
      const confirmation = fixture('upi.ReqTxnConfirmation.v1');
      confirmation.txn.id = newTxnId('KIT');
      confirmation.payer.addr = 'meera@kite';
      confirmation.payee.addr = 'vikram@zap';
      confirmation.status.refs[1].addr = 'vikram@zap';
      await psp.deliver(confirmation);
      const pushed = await socket.next((f) => f.txnId === confirmation.txn.id);
      expect(pushed).to.include({ status: 'SUCCESS', role: 'PAYEE' });
      const view = (
        await psp.app.inject({
          method: 'GET',
          url: `/v1/payments/${confirmation.txn.id}`,
          headers: vikram.headers,
        })
      ).json();
      expect(view).to.include({
        role: 'PAYEE',
        status: 'SUCCESS',
        payerVpa: 'meera@kite',
        payeeVpa: 'Vikram@zap',
        amount: '250.00',
        custRef: '532500000042',
      });
      const [answer] = await psp.takeOutbox('upi.RespTxnConfirmation.v1');
      expect((answer.message as RespTxnConfirmation).resp).to.deep.equal({
        reqMsgId: confirmation.head.msgId,
        result: 'SUCCESS',
      });
      // The payer's PSP is someone else: Asha does not see it.
      expect(
        (
          await psp.app.inject({
            method: 'GET',
            url: `/v1/payments/${confirmation.txn.id}`,
            headers: asha.headers,
          })
        ).statusCode,
      ).to.equal(404);
      // A repeat (new message id) records nothing new but still answers.
      await psp.deliver(confirmation);
      expect(
        await psp.db.pool.oneFirst(
          sql.unsafe`SELECT count(*)::int8 FROM payments WHERE txn_id = ${confirmation.txn.id}`,
        ),
      ).to.equal(1);
      expect(await psp.takeOutbox('upi.RespTxnConfirmation.v1')).to.have.length(1);
    } finally {
      socket.ws.terminate();
    }
  });

  it('a payment between two of our users shows on both sides', async () => {
    const { txnId, requestMessageId } = await startPayment(psp, asha, 'vikram@zap');
    await psp.deliver(respPayFor(txnId, requestMessageId, asha.vpa, 'vikram@zap', { status: 'SUCCESS' }));
    const confirmation = fixture('upi.ReqTxnConfirmation.v1');
    confirmation.txn.id = txnId;
    confirmation.payer.addr = asha.vpa;
    confirmation.payee.addr = 'vikram@zap';
    await psp.deliver(confirmation);
    expect(
      (await psp.app.inject({ method: 'GET', url: `/v1/payments/${txnId}`, headers: asha.headers })).json(),
    ).to.include({ role: 'PAYER', status: 'SUCCESS' });
    expect(
      (await psp.app.inject({ method: 'GET', url: `/v1/payments/${txnId}`, headers: vikram.headers })).json(),
    ).to.include({ role: 'PAYEE', status: 'SUCCESS' });
    await psp.takeOutbox();
  });
});
