/**
 * Poison handling (docs/guarantees.md §5): unopenable messages go straight to the DLQ, failing handlers go
 * there after their retries, consumers dying without acking are stopped by the quorum delivery-limit, and a
 * DLQ replay is handled exactly once.
 */
import { expect } from 'chai';
import { sql } from 'slonik';
import type { GetMessage } from 'amqplib';
import { deadLetterQueueFor, newMessageId, workQueueFor } from '@switchyard/contracts';
import { PermanentError, replayDeadLetters, type Consumer } from '../../src/index.ts';
import { markOutboxWritten } from '../../src/outboxWrites.ts';
import { createWorld, RECIPIENT, sleep, until, type World, stopAfterEach } from '../support/world.ts';

describe('outbox consumer: poison messages, retries, delivery-limit, DLQ replay', function () {
  this.timeout(30_000);
  let world: World;
  let work: string;
  let dlq: string;

  const takeDeadLetters = async (count: number): Promise<GetMessage[]> => {
    await until(
      async () => (await world.rabbit.messageCount(dlq)) >= count,
      15_000,
      `${count} dead letter(s)`,
    );
    return world.rabbit.drain(dlq);
  };

  before(async () => {
    world = await createWorld({ retryDelaysMs: [100, 200], deliveryLimit: 2 });
    work = workQueueFor(world.prefix, RECIPIENT);
    dlq = deadLetterQueueFor(work);
    world.startRelay();
  });
  after(async () => world?.drop());
  const started = stopAfterEach();
  const startConsumer = async (options: Parameters<World['startConsumer']>[0] = {}): Promise<Consumer> =>
    started.track(await world.startConsumer(options));
  afterEach(async () => {
    await world.db.pool.query(sql.unsafe`TRUNCATE effects`);
  });

  it('tampered ciphertext: straight to the DLQ with x-dead-reason, no retry, no effect', async () => {
    const consumer = await startConsumer();
    const [id] = await world.db.transaction(async (tx) => {
      const ids = [newMessageId()];
      await world.outbox.enqueue(tx, {
        recipient: RECIPIENT,
        message: world.message(ids[0]),
        messageId: ids[0],
      });
      // Flip one byte of the ciphertext before the relay sees the row.
      const row = (await tx.one(sql.unsafe`SELECT body FROM outbox WHERE message_id = ${ids[0]}`)) as {
        body: Buffer;
      };
      const envelope = JSON.parse(row.body.toString('utf8')) as { ciphertext: string };
      const ciphertext = Buffer.from(envelope.ciphertext, 'base64');
      ciphertext[ciphertext.length - 1] ^= 0x01;
      envelope.ciphertext = ciphertext.toString('base64');
      await tx.query(
        sql.unsafe`UPDATE outbox SET body = ${sql.binary(Buffer.from(JSON.stringify(envelope)))} WHERE message_id = ${ids[0]}`,
      );
      // Changed behind enqueue's back: the relay must publish the row, not the copy enqueue kept.
      markOutboxWritten(tx);
      return ids;
    });
    const [dead] = await takeDeadLetters(1);
    expect(dead.properties.messageId).to.equal(id);
    expect(dead.properties.headers?.['x-dead-reason']).to.equal('tampered');
    expect(String(dead.properties.headers?.['x-dead-detail'])).to.not.equal('');
    expect(dead.properties.headers?.['x-retry-attempt']).to.equal(undefined);
    expect((await world.effects()).size).to.equal(0);
    await consumer.stop();
  });

  it('DLQ replay of a message that fails again replays it once, not in a loop', async () => {
    await startConsumer({
      behaviour: async () => {
        throw new PermanentError('still_broken', 'fails every time');
      },
    });
    const [id] = await world.send(1);
    await until(async () => (await world.rabbit.messageCount(dlq)) === 1, 10_000, 'dead-lettered');
    expect(await replayDeadLetters({ broker: world.rabbit.broker, queue: work, limit: 10 })).to.equal(1);
    const [back] = await takeDeadLetters(1);
    expect([back.properties.messageId, back.properties.headers?.['x-dead-reason']]).to.deep.equal([
      id,
      'still_broken',
    ]);
  });

  it('a handler that always throws: retried with back-off, then dead-lettered as retries_exhausted', async () => {
    let calls = 0;
    const consumer = await startConsumer({
      retryAttemptsMax: 2,
      behaviour: async () => {
        calls += 1;
        throw new Error('downstream unavailable');
      },
    });
    const [id] = await world.send(1);
    const [dead] = await takeDeadLetters(1);
    expect(dead.properties.messageId).to.equal(id);
    expect(dead.properties.headers?.['x-dead-reason']).to.equal('retries_exhausted');
    expect(dead.properties.headers?.['x-retry-attempt']).to.equal(2);
    expect(String(dead.properties.headers?.['x-dead-detail'])).to.include('downstream unavailable');
    expect(calls, 'first delivery + 2 retries').to.equal(3);
    expect((await world.effects()).size, 'every attempt rolled back').to.equal(0);
    await consumer.stop();
  });

  it('a PermanentError and a type without a handler: dead-lettered at once with their reasons', async () => {
    let calls = 0;
    const consumer = await startConsumer({
      behaviour: async () => {
        calls += 1;
        throw new PermanentError('account_closed', 'the account is closed');
      },
      handlers: {},
    });
    const [id] = await world.send(1);
    const [dead] = await takeDeadLetters(1);
    expect(dead.properties.headers?.['x-dead-reason']).to.equal('no_handler');
    expect(dead.properties.messageId).to.equal(id);
    await consumer.stop();
    const permanent = await startConsumer({
      behaviour: async () => {
        calls += 1;
        throw new PermanentError('account_closed', 'the account is closed');
      },
    });
    await world.send(1);
    const [refused] = await takeDeadLetters(1);
    expect(refused.properties.headers?.['x-dead-reason']).to.equal('account_closed');
    expect(calls).to.equal(1);
    await permanent.stop();
  });

  it('a consumer that dies without acking, again and again: dead-lettered by the quorum delivery-limit', async () => {
    const [id] = await world.send(1);
    await until(async () => (await world.rabbit.messageCount(work)) === 1, 10_000, 'queued');
    // Simulate a crash loop: take the delivery, then close the channel without acking (requeue).
    for (let delivery = 0; delivery < 6 && (await world.rabbit.messageCount(dlq)) === 0; delivery += 1) {
      const channel = await world.rabbit.broker.createChannel();
      const taken = await channel.get(work, { noAck: false });
      await channel.close();
      if (!taken) await sleep(100);
    }
    const [dead] = await takeDeadLetters(1);
    expect(dead.properties.messageId).to.equal(id);
    expect(dead.properties.headers?.['x-first-death-reason']).to.equal('delivery_limit');
    expect(dead.properties.headers?.['x-first-death-queue']).to.equal(work);
    expect(await world.rabbit.messageCount(work)).to.equal(0);
  });

  it('DLQ replay re-publishes with the same messageId: handled once, even when replayed twice', async () => {
    const failing = await startConsumer({
      retryAttemptsMax: 0,
      behaviour: async () => {
        throw new Error('not yet');
      },
    });
    const [id] = await world.send(1);
    await until(async () => (await world.rabbit.messageCount(dlq)) === 1, 10_000, 'dead-lettered');
    await failing.stop();
    // A second copy of the same message in the DLQ (e.g. an operator replayed before and it failed again).
    const channel = await world.rabbit.channel();
    const copy = await channel.get(dlq, { noAck: false });
    channel.sendToQueue(
      dlq,
      copy ? copy.content : Buffer.alloc(0),
      copy ? { ...copy.properties, persistent: true } : {},
    );
    channel.sendToQueue(
      dlq,
      copy ? copy.content : Buffer.alloc(0),
      copy ? { ...copy.properties, persistent: true } : {},
    );
    if (copy) channel.ack(copy);
    await until(async () => (await world.rabbit.messageCount(dlq)) === 2, 5_000, 'two copies in the DLQ');
    const consumer = await startConsumer();
    expect(await replayDeadLetters({ broker: world.rabbit.broker, queue: work, limit: 10 })).to.equal(2);
    await until(async () => (await world.effects()).get(id) === 1, 10_000, 'replayed message handled');
    await until(async () => (await world.rabbit.messageCount(work)) === 0, 5_000, 'both copies consumed');
    await sleep(200);
    expect((await world.effects()).get(id)).to.equal(1);
    expect(await world.rabbit.messageCount(dlq)).to.equal(0);
    await consumer.stop();
  });
});
