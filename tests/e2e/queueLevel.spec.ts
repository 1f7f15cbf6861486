/**
 * Issue 3 at the queue level, with no HTTP: sealed messages published straight to an exchange, replies
 * read from a queue, against the running network's processes.
 */
import { expect } from 'chai';
import {
  deadLetterQueueFor,
  fixture,
  newTxnId,
  sealCreds,
  workQueueFor,
  type RespPayDebit,
  type RespPayFinal,
} from '@switchyard/contracts';
import { loadDemoCustomers, onboard, type Onboarded } from '@switchyard/tools';
import { startTestNetwork, type TestNetwork } from './support/testNetwork.ts';
import { TEST_PIN } from './support/extraCustomers.ts';
import { playParticipant, type QueueParticipant } from './support/participant.ts';
import { bankBalance } from './support/banks.ts';

describe('e2e: queue-level requests against the running network', function () {
  this.timeout(120_000);
  let net: TestNetwork;
  let asha: Onboarded;
  let vikram: Onboarded;
  let actor: QueueParticipant | undefined;

  before(async () => {
    const customers = loadDemoCustomers();
    net = await startTestNetwork({ customers });
    const [ashaAsCustomer, vikramAsCustomer] = ['asha', 'vikram'].map((vpaUser) =>
      customers.find((c) => c.vpaUser === vpaUser)!,
    );
    asha = await onboard(net.clients.get(ashaAsCustomer.psp)!, ashaAsCustomer, {
      phones: net.phones,
      pin: TEST_PIN,
    });
    vikram = await onboard(net.clients.get(vikramAsCustomer.psp)!, vikramAsCustomer, {
      phones: net.phones,
    });
  });
  afterEach(async () => {
    await actor?.close();
    actor = undefined;
  });
  after(async () => {
    await net?.stop();
  });

  it('answers a second ReqPay with an existing txn id U01, leaving the original payment untouched', async () => {
    const { txnId } = await asha.client.pay(asha.session, {
      payerVpa: asha.vpa,
      payeeVpa: vikram.vpa,
      amount: '10.00',
      pin: TEST_PIN,
    });
    const original = await asha.client.waitForFinal(asha.session, txnId, { timeoutMs: 20_000 });
    expect(original.status).to.equal('SUCCESS');
    const balances = [await bankBalance(net, asha.customer), await bankBalance(net, vikram.customer)];
    const switchView = async (): Promise<{ events: Array<{ type: string }> }> =>
      (await (
        await fetch(`${net.urlOf('switch')}/v1/payments/${txnId}`, {
          headers: { 'x-operator-key': net.operatorKey('switch') },
        })
      ).json()) as { events: Array<{ type: string }> };
    // The payee PSP's RespTxnConfirmation is the payment's last event: wait for it, so nothing else moves.
    let journeyBefore = await switchView();
    for (
      let i = 0;
      i < 100 && !journeyBefore.events.some((e) => e.type === 'TxnConfirmationRecorded');
      i += 1
    ) {
      await new Promise((r) => setTimeout(r, 100));
      journeyBefore = await switchView();
    }
    expect(journeyBefore.events.map((e) => e.type)).to.include('TxnConfirmationRecorded');

    actor = await playParticipant(net, 'psp.zap');
    const replies = await actor.tap('psp.zap');
    const { head, messageId } = actor.head();
    const duplicate = fixture('upi.ReqPay.PAY.v1');
    duplicate.head = head;
    duplicate.txn = { ...duplicate.txn, id: txnId, ts: head.ts };
    duplicate.payer = {
      ...duplicate.payer,
      addr: asha.vpa,
      ac: { acNum: asha.customer.acNum, ifsc: asha.customer.ifsc },
    };
    duplicate.payee = { addr: vikram.vpa };
    await actor.send('switch', duplicate, messageId, txnId);

    const reply = (
      await replies.next('upi.RespPay.PAY.v1', (m) => (m as RespPayFinal).resp.reqMsgId === head.msgId)
    ).message as RespPayFinal;
    expect([reply.resp.result, reply.resp.errCode]).to.deep.equal(['FAILURE', 'U01']);
    expect(await switchView()).to.deep.equal(journeyBefore);
    expect((await asha.client.getPayment(asha.session, txnId)).status).to.equal('SUCCESS');
    expect([await bankBalance(net, asha.customer), await bankBalance(net, vikram.customer)]).to.deep.equal(
      balances,
    );
  });

  it('debits once when the same DEBIT request arrives twice (different message ids), answering the original result', async () => {
    actor = await playParticipant(net, 'switch');
    const replies = await actor.tap('switch');
    const before = await bankBalance(net, asha.customer);
    const txnId = newTxnId('ZAP');
    const creds = sealCreds(
      { purpose: 'PAY', pin: TEST_PIN, txnId, amountMinor: 4_200, sealedAt: Date.now() },
      net.directory.current('bank.lotus')!,
    );
    const answers: RespPayDebit[] = [];
    for (let i = 0; i < 2; i += 1) {
      const { head, messageId } = actor.head();
      const debit = fixture('upi.ReqPay.DEBIT.v1');
      debit.head = head;
      debit.txn = { ...debit.txn, id: txnId, ts: head.ts, custRef: '532500000777' };
      debit.payer = {
        ...debit.payer,
        addr: asha.vpa,
        ac: { acNum: asha.customer.acNum, ifsc: asha.customer.ifsc },
        creds: { type: 'PIN', data: creds },
      };
      debit.amount = { valueMinor: 4_200, curr: 'INR' };
      await actor.send('bank.lotus', debit, messageId, txnId);
      answers.push(
        (await replies.next('upi.RespPay.DEBIT.v1', (m) => (m as RespPayDebit).resp.reqMsgId === head.msgId))
          .message as RespPayDebit,
      );
    }
    expect(
      answers.map((a) => [a.resp.result, a.resp.ref.respCode, a.resp.ref.settAmountMinor]),
    ).to.deep.equal([
      ['SUCCESS', '00', 4_200],
      ['SUCCESS', '00', 4_200],
    ]);
    expect(answers[1].resp.ref.approvalNum).to.equal(answers[0].resp.ref.approvalNum);
    expect(await bankBalance(net, asha.customer)).to.equal(before - 4_200);
  });

  it('answers a well-signed ReqPay whose note holds an unpaired surrogate with FAILURE T01, not a dead letter', async () => {
    actor = await playParticipant(net, 'psp.zap');
    const replies = await actor.tap('psp.zap');
    const dlq = deadLetterQueueFor(workQueueFor(net.network.prefix, 'switch'));
    const deadBefore = await actor.depth(dlq);
    const { head, messageId } = actor.head();
    const txnId = newTxnId('ZAP');
    const request = fixture('upi.ReqPay.PAY.v1');
    request.head = head;
    request.txn = { ...request.txn, id: txnId, ts: head.ts, note: 'chai \ud83d' }; // half an emoji
    request.payer = {
      ...request.payer,
      addr: asha.vpa,
      ac: { acNum: asha.customer.acNum, ifsc: asha.customer.ifsc },
    };
    request.payee = { addr: vikram.vpa };
    const before = await bankBalance(net, asha.customer);
    await actor.sendInvalid('switch', request, messageId, txnId);
    const reply = (
      await replies.next('upi.RespPay.PAY.v1', (m) => (m as RespPayFinal).resp.reqMsgId === head.msgId)
    ).message as RespPayFinal;
    expect(reply.txn.id).to.equal(txnId);
    expect(reply.resp).to.deep.include({ result: 'FAILURE', status: 'FAILURE', errCode: 'T01', refs: [] });
    expect(await actor.depth(dlq)).to.equal(deadBefore);
    expect(await bankBalance(net, asha.customer)).to.equal(before);
  });
});
