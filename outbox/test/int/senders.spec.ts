/**
 * Issue 7 in the consumer runner: a message the permissions table forbids is dead-lettered `not_allowed`
 * before anything else happens; the inbox key names the sender, so one participant cannot pre-empt another's
 * message by sending its id first; and a full DLQ (reject-publish) loses nothing.
 */
import { expect } from 'chai';
import { sql } from 'slonik';
import {
  amqpHeadersFor,
  createSealer,
  deadLetterQueueFor,
  exchangeFor,
  fixture,
  newMessageId,
  workQueueFor,
  type Message,
} from '@switchyard/contracts';
import { createConfirmPublisher, managementApi, outcomeWithin, type PublishOutcome } from '@switchyard/infra';
import { testSettings } from '@switchyard/infra/testing';
import type { Handlers } from '../../src/index.ts';
import {
  chkTxn,
  CONSUMER_NAME,
  createWorld,
  OTHER_SENDER,
  RECIPIENT,
  SENDER,
  stopAfterEach,
  until,
  type World,
} from '../support/world.ts';

describe('outbox consumer: who may send, the inbox key names the sender, a full DLQ', function () {
  this.timeout(60_000);
  let world: World;
  let dlq: string;
  const started = stopAfterEach();

  /** Seals `message` as `sender` for the recipient and publishes it straight to the recipient's exchange. */
  const publishAs = async (sender: string, message: Message, messageId: string): Promise<PublishOutcome> => {
    const sealed = createSealer(world.keys.own(sender), world.keys.directory).seal({
      recipient: RECIPIENT,
      message,
      messageId,
      now: new Date(),
    });
    const publisher = createConfirmPublisher(await world.rabbit.broker.createConfirmChannel());
    try {
      const pending = await publisher.publish(
        exchangeFor(world.prefix, RECIPIENT),
        message.type,
        sealed.body,
        {
          messageId,
          persistent: true,
          headers: amqpHeadersFor(sealed.headers),
        },
      );
      return await outcomeWithin(pending.outcome, 5_000);
    } finally {
      await publisher.close();
    }
  };
  const inboxRows = async (messageId: string): Promise<Array<{ sender: string; consumer: string }>> =>
    (await world.db.pool.any(
      sql.unsafe`SELECT sender, consumer FROM inbox WHERE message_id = ${messageId} ORDER BY sender`,
    )) as Array<{ sender: string; consumer: string }>;

  before(async () => {
    world = await createWorld({ dlqLengthMax: 1, deliveryLimit: 3 });
    dlq = deadLetterQueueFor(workQueueFor(world.prefix, RECIPIENT));
  });
  after(async () => world?.drop());
  afterEach(async () => {
    await world.rabbit.drain(dlq);
    await world.db.pool.query(sql.unsafe`TRUNCATE effects, inbox`);
  });

  it('dead-letters what the table forbids as not_allowed, before any inbox row or handler', async () => {
    let handled = 0;
    const everything: Handlers = {
      ...world.handlers(),
      'upi.RespPay.DEBIT.v1': {
        name: 'switch.test.onRespPayDebit',
        async handle() {
          handled += 1;
        },
      },
    };
    started.track(await world.startConsumer({ handlers: everything }));
    // A PSP answering a debit (only a bank may), and a PSP arming the switch's timer (only the switch itself).
    const forged = [
      fixture('upi.RespPay.DEBIT.v1', newMessageId()),
      fixture('switch.TimeoutElapsed.v1', newMessageId()),
    ];
    for (const message of forged)
      expect(await publishAs(SENDER, message, message.head.msgId)).to.equal('confirmed');
    await until(async () => (await world.rabbit.messageCount(dlq)) === 2, 10_000, 'two dead letters');
    const dead = await world.rabbit.drain(dlq);
    expect(
      dead.map((d) => [d.properties.messageId, d.properties.headers?.['x-dead-reason']]),
    ).to.have.deep.members(forged.map((m) => [m.head.msgId, 'not_allowed']));
    expect(String(dead[0].properties.headers?.['x-dead-detail'])).to.match(
      new RegExp(`^${SENDER} may not send (upi.RespPay.DEBIT.v1|switch.TimeoutElapsed.v1) to ${RECIPIENT}`),
    );
    expect(handled).to.equal(0);
    expect((await world.effects()).size).to.equal(0);
    expect(await world.db.pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM inbox`)).to.equal(0);
  });

  it('the same message id from two senders is two messages: two inbox rows, two effects', async () => {
    started.track(await world.startConsumer());
    const id = newMessageId();
    expect(await publishAs(OTHER_SENDER, chkTxn(id), id)).to.equal('confirmed'); // the one that saw the id
    expect(await publishAs(SENDER, chkTxn(id), id)).to.equal('confirmed'); // the real one, not pre-empted
    await until(async () => (await world.effects()).get(id) === 2, 10_000, 'both handled');
    expect(await inboxRows(id)).to.deep.equal([
      { sender: OTHER_SENDER, consumer: CONSUMER_NAME },
      { sender: SENDER, consumer: CONSUMER_NAME },
    ]);
    // The same sender's copy is still a duplicate.
    expect(await publishAs(SENDER, chkTxn(id), id)).to.equal('confirmed');
    await until(
      async () => (await world.rabbit.messageCount(workQueueFor(world.prefix, RECIPIENT))) === 0,
      10_000,
      'consumed',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await world.effects()).get(id)).to.equal(2);
  });

  it('an inbox row from before the key named the sender (sender empty) is a duplicate for every sender', async () => {
    started.track(await world.startConsumer());
    const id = newMessageId();
    await world.db.pool.query(
      sql.unsafe`INSERT INTO inbox (consumer, sender, message_id, message_type) VALUES (${CONSUMER_NAME}, '', ${id}, 'upi.ReqChkTxn.v1')`,
    );
    for (const sender of [SENDER, OTHER_SENDER])
      expect(await publishAs(sender, chkTxn(id), id)).to.equal('confirmed');
    await until(
      async () => (await world.rabbit.messageCount(workQueueFor(world.prefix, RECIPIENT))) === 0,
      10_000,
      'consumed',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await world.effects()).get(id) ?? 0).to.equal(0);
    expect(await inboxRows(id)).to.deep.equal([{ sender: '', consumer: CONSUMER_NAME }]);
  });

  it('a full DLQ refuses a copy (reject-publish): the message is held by the work queue, not dropped', async () => {
    started.track(await world.startConsumer());
    // A quorum queue checks its limit before enqueueing: with x-max-length 1 it takes 2, then refuses.
    const ids = [newMessageId(), newMessageId(), newMessageId()];
    for (const id of ids)
      expect(await publishAs(SENDER, fixture('upi.RespPay.DEBIT.v1', id), id)).to.equal('confirmed');
    await until(async () => (await world.rabbit.messageCount(dlq)) === 2, 10_000, 'the DLQ full');
    // The third: its copy nacked, so the runner requeues the delivery (never acks it) until the work queue's
    // delivery-limit dead-letters it itself, at-least-once: held in the work queue's dead-letter buffer
    // (messages_dlx) and retried by the broker until the DLQ has room (every 180 s by default on 3.10: measured
    // 175 s, too long to wait for here).
    const settings = testSettings();
    const api = managementApi({ url: settings.managementUrl, amqpUrl: settings.amqpUrl });
    const work = workQueueFor(world.prefix, RECIPIENT);
    const held = async (): Promise<number> =>
      ((await api.get(`/queues/%2F/${encodeURIComponent(work)}`)) as { messages_dlx?: number })
        .messages_dlx ?? 0;
    await until(
      async () => (await held()) === 1,
      30_000,
      'held by the work queue (management stats lag ~5 s)',
    );
    expect(await world.rabbit.messageCount(dlq)).to.equal(2);
    const parked = (await world.rabbit.drain(dlq)).map((d) => String(d.properties.messageId));
    expect(new Set(parked).size).to.equal(2);
    expect(ids).to.include.members(parked);
    expect((await world.effects()).size).to.equal(0);
  });
});
