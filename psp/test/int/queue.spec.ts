import { expect } from 'chai';
import {
  createOpener,
  createSealer,
  deadLetterQueueFor,
  exchangeFor,
  fixture,
  newMessageId,
  newTxnId,
  sealCreds,
  workQueueFor,
  type ReqPayPay,
  type RespValAdd,
} from '@switchyard/contracts';
import { loadNetwork, participantsOf } from '@switchyard/infra';
import { createTestBroker, testLog, testSettings, type TestBroker } from '@switchyard/infra/testing';
import { startMessaging, type Messaging } from '@switchyard/outbox';
import { createDeadLetterTools } from '../../src/runtime/deadLetterTools.ts';
import { OPERATOR_KEY, PSP, startPspTestApp, type PspTestApp } from './support/pspTestApp.ts';
import { respPayFor } from './support/payFlow.ts';
import { userWithVpa, type TestUser } from './support/users.ts';

const until = async <T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/** The PSP with its real relay and consumer on RabbitMQ; the test plays the switch on the switch's queue. */
describe('psp: on the queues (relay + consumer, real RabbitMQ)', () => {
  let rabbit: TestBroker;
  let psp: PspTestApp;
  let messaging: Messaging;
  let asha: TestUser & { vpa: string };

  before(async () => {
    // The whole network's topology: startMessaging declares all of it, drop() deletes all of it.
    rabbit = await createTestBroker({ participants: participantsOf(loadNetwork()) });
    psp = await startPspTestApp({ prefix: rabbit.prefix });
    messaging = await startMessaging({
      participant: PSP,
      prefix: rabbit.prefix,
      db: psp.db,
      amqpUrl: testSettings().amqpUrl,
      sealer: createSealer(psp.keys.own(PSP), psp.keys.directory),
      opener: createOpener(psp.keys.own(PSP), psp.keys.directory),
      handlers: psp.handlers,
      participants: participantsOf(psp.deps.network),
      log: testLog('psp-queue'),
      relayPollMs: 100,
    });
    psp.deps.deadLetters = createDeadLetterTools({
      broker: messaging.broker,
      prefix: rabbit.prefix,
      participant: PSP,
    });
    asha = await userWithVpa(psp, 'asha', '100000000001');
  });
  after(async () => {
    await messaging?.stop();
    await psp?.close();
    await rabbit?.drop();
  });

  it('publishes the sealed ReqPay PAY to the switch, and a sealed RespPay on its own exchange settles the payment', async () => {
    const txnId = newTxnId('ZAP');
    const data = sealCreds(
      { purpose: 'PAY', pin: '1234', txnId, amountMinor: 4_200, sealedAt: Date.now() },
      psp.keys.directory.current('bank.lotus')!,
    );
    const accepted = await psp.app.inject({
      method: 'POST',
      url: '/v1/payments',
      headers: { ...asha.headers, 'idempotency-key': 'q-1' },
      payload: {
        txnId,
        payerVpa: 'asha@zap',
        payeeVpa: 'vikram@kite',
        amount: '42',
        creds: { type: 'PIN', data },
      },
    });
    expect(accepted.statusCode).to.equal(202);

    const switchQueue = workQueueFor(rabbit.prefix, 'switch');
    const [delivery] = await until('ReqPay on the switch queue', async () => {
      const taken = await rabbit.drain(switchQueue, 1);
      return taken.length ? taken : undefined;
    });
    expect(delivery.properties.messageId).to.be.a('string');
    expect(delivery.content.includes(data)).to.equal(false); // sealed: the creds block is not readable on the wire
    const switchOpener = createOpener(psp.keys.own('switch'), psp.keys.directory);
    const opened = switchOpener.open({
      body: delivery.content,
      amqpMessageId: delivery.properties.messageId as string,
      now: new Date(),
    });
    if (!opened.ok) throw new Error(`does not open: ${opened.reason}`);
    const reqPay = opened.opened.message as ReqPayPay;
    expect(opened.opened.headers).to.include({
      sender: PSP,
      recipient: 'switch',
      type: 'upi.ReqPay.PAY.v1',
      correlationId: txnId,
    });
    expect(reqPay.payer.creds).to.deep.equal({ type: 'PIN', data });
    // Confirmed, then deleted by the relay (in a batch, after the confirm: it may still be there when the
    // message is already on the queue).
    await until('the outbox row deleted by the relay', async () =>
      (await psp.count('outbox')) === 0 ? true : undefined,
    );

    const status = await psp.app.injectWS('/v1/ws', { headers: asha.headers });
    const heard = new Promise<{ txnId: string; status: string }>((resolve) =>
      status.on('message', (raw: Buffer) => {
        const frame = JSON.parse(raw.toString()) as { event: string; txnId: string; status: string };
        if (frame.event === 'payment.status' && frame.txnId === txnId) resolve(frame);
      }),
    );
    const switchSealer = createSealer(psp.keys.own('switch'), psp.keys.directory);
    const messageId = newMessageId();
    const answer = respPayFor(txnId, reqPay.head.msgId, 'asha@zap', 'vikram@kite', {
      status: 'SUCCESS',
      amountMinor: 4_200,
    });
    answer.head.msgId = messageId.replaceAll('-', '');
    const sealed = switchSealer.seal({
      recipient: PSP,
      message: answer,
      messageId,
      correlationId: txnId,
      now: new Date(),
    });
    const channel = await rabbit.channel();
    channel.publish(exchangeFor(rabbit.prefix, PSP), answer.type, sealed.body, {
      messageId,
      persistent: true,
      type: answer.type,
      correlationId: txnId,
    });

    expect(await heard).to.include({ txnId, status: 'SUCCESS' });
    const view = (
      await psp.app.inject({ method: 'GET', url: `/v1/payments/${txnId}`, headers: asha.headers })
    ).json();
    expect(view).to.include({ status: 'SUCCESS', amount: '42.00' });
    status.terminate();
  });

  it('operator DLQ tools: shows the depth and replays a dead-lettered message into the consumer', async () => {
    const operator = { 'x-operator-key': OPERATOR_KEY };
    const request = fixture('upi.ReqValAdd.v1');
    request.payee.addr = 'asha@zap';
    const messageId = newMessageId();
    request.head.msgId = messageId.replaceAll('-', '');
    const sealed = createSealer(psp.keys.own('switch'), psp.keys.directory).seal({
      recipient: PSP,
      message: request,
      messageId,
      now: new Date(),
    });
    const channel = await rabbit.channel();
    channel.sendToQueue(deadLetterQueueFor(workQueueFor(rabbit.prefix, PSP)), sealed.body, {
      messageId,
      persistent: true,
    });
    const depth = await until('message in the DLQ', async () => {
      const answer = (
        await psp.app.inject({ method: 'GET', url: '/v1/operator/dlq', headers: operator })
      ).json();
      return answer.depth === 1 ? answer : undefined;
    });
    expect(depth.queue).to.equal(workQueueFor(rabbit.prefix, PSP));
    expect(
      (
        await psp.app.inject({
          method: 'POST',
          url: '/v1/operator/dlq/replay',
          headers: operator,
          payload: { limit: 0 },
        })
      ).statusCode,
    ).to.equal(400);
    const replayed = await psp.app.inject({
      method: 'POST',
      url: '/v1/operator/dlq/replay',
      headers: operator,
      payload: { limit: 10 },
    });
    expect(replayed.json()).to.deep.equal({ replayed: 1 });
    const [delivery] = await until('RespValAdd on the switch queue', async () => {
      const taken = await rabbit.drain(workQueueFor(rabbit.prefix, 'switch'), 1);
      return taken.length ? taken : undefined;
    });
    const opened = createOpener(psp.keys.own('switch'), psp.keys.directory).open({
      body: delivery.content,
      amqpMessageId: delivery.properties.messageId as string,
      now: new Date(),
    });
    if (!opened.ok) throw new Error(opened.reason);
    expect((opened.opened.message as RespValAdd).payee).to.deep.equal({
      addr: 'asha@zap',
      name: 'User asha',
      ifsc: 'LOTS0000001',
    });
  });
});
