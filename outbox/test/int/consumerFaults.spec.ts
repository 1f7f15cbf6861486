/**
 * The consumer's crash windows and concurrency (docs/guarantees.md §4): the inbox row is written
 * first and the ack only follows the commit, so every path ends with exactly one effect.
 */
import { expect } from 'chai';
import { sql } from 'slonik';
import { exchangeFor, newMessageId } from '@switchyard/contracts';
import { createConfirmPublisher, outcomeWithin, SimulatedCrash, type FaultPoints } from '@switchyard/infra';
import { crashAt } from '@switchyard/infra/testing';
import { messagingMetrics, type Consumer } from '../../src/index.ts';
import {
  CONSUMER_NAME,
  createWorld,
  RECIPIENT,
  sleep,
  until,
  type Behaviour,
  type World,
  stopAfterEach,
} from '../support/world.ts';

const duplicatesSeen = async (): Promise<number> => {
  const metric = await messagingMetrics.inboxDuplicatesTotal.get();
  return (
    metric.values.find(
      (v) =>
        (v.labels as Record<string, unknown>).participant === RECIPIENT &&
        (v.labels as Record<string, unknown>).consumer === CONSUMER_NAME,
    )?.value ?? 0
  );
};

describe('outbox consumer: crash windows, concurrent duplicates, slonik retries', function () {
  this.timeout(30_000);
  let world: World;

  before(async () => {
    world = await createWorld();
    world.startRelay();
  });
  after(async () => world?.drop());
  // Whatever a test started is stopped after it, pass or fail, so one failure cannot spill into the next.
  const started = stopAfterEach();
  const startConsumer = async (options: Parameters<World['startConsumer']>[0] = {}): Promise<Consumer> =>
    started.track(await world.startConsumer(options));
  afterEach(async () => {
    await world.db.pool.query(sql.unsafe`TRUNCATE effects`);
  });

  it('crash after commit, before ack: the redelivery is acked as a duplicate, one effect', async () => {
    const duplicatesBefore = await duplicatesSeen();
    const faults = crashAt('consumerAfterCommitBeforeAck');
    const crashing = await startConsumer({ faults });
    const [id] = await world.send(1);
    await until(() => faults.hits() === 1, 10_000, 'crash');
    expect((await world.effects()).get(id), 'committed before the crash').to.equal(1);
    await crashing.stop();
    const consumer = await startConsumer();
    await until(
      async () => (await duplicatesSeen()) > duplicatesBefore || ((await world.effects()).get(id) ?? 0) > 1,
      10_000,
      'redelivery handled',
    );
    expect((await world.effects()).get(id), 'one effect').to.equal(1);
    expect(await duplicatesSeen(), 'the redelivery was recognised as a duplicate').to.equal(
      duplicatesBefore + 1,
    );
    await until(
      async () => (await world.rabbit.messageCount(`${world.prefix}${RECIPIENT}.work`)) === 0,
      5_000,
      'acked',
    );
    await consumer.stop();
  });

  it('crash before commit: rolled back, redelivered, one effect', async () => {
    const faults = crashAt('consumerBeforeCommit');
    const crashing = await startConsumer({ faults });
    const [id] = await world.send(1);
    await until(() => faults.hits() === 1, 10_000, 'crash');
    await crashing.stop();
    expect((await world.effects()).size, 'rolled back').to.equal(0);
    const inbox = await world.db.pool.oneFirst(
      sql.unsafe`SELECT count(*)::int FROM inbox WHERE message_id = ${id}`,
    );
    expect(inbox, 'the inbox row rolled back too').to.equal(0);
    const consumer = await startConsumer();
    await until(async () => (await world.effects()).get(id) === 1, 10_000, 'handled after redelivery');
    await sleep(200);
    expect((await world.effects()).get(id)).to.equal(1);
    await consumer.stop();
  });

  it('a crash racing stop(): stopped while the crash is on its way, the delivery is still redelivered', async () => {
    // stop() can run between the fault firing and the crash closing the channel (a test that saw the fault
    // fire stops the consumer while the rollback is still on its way). The crash must close the channel the
    // delivery came on, or that channel — its subscription cancelled by stop() — holds the message for good.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let fired = 0;
    const faults: FaultPoints = {
      consumerBeforeCommit: async () => {
        if (fired > 0) return;
        fired += 1;
        await gate;
        throw new SimulatedCrash('consumerBeforeCommit');
      },
    };
    const crashing = await startConsumer({ faults });
    const [id] = await world.send(1);
    await until(() => fired === 1, 10_000, 'fault reached');
    const stopping = crashing.stop();
    release();
    await stopping;
    const consumer = await startConsumer();
    await until(async () => (await world.effects()).get(id) === 1, 10_000, 'handled after redelivery');
    await consumer.stop();
  });

  it('the same messageId delivered concurrently to two consumers: the second waits on the inbox key, then skips', async () => {
    const duplicatesBefore = await duplicatesSeen();
    let inHandler = 0;
    const slow: Behaviour = async (tx) => {
      inHandler += 1;
      await tx.query(sql.unsafe`SELECT pg_sleep(0.3)`); // hold the inbox row lock while the copy arrives
    };
    const one = await startConsumer({ behaviour: slow });
    const two = await startConsumer({ behaviour: slow });
    // Two copies of one sealed message, straight onto the wire (as a relay crash after the confirm would).
    const id = newMessageId();
    const sealed = world.seal(id);
    const publisher = createConfirmPublisher(await world.rabbit.broker.createConfirmChannel());
    try {
      const copies = await Promise.all(
        [1, 2].map(async () => {
          const options = { messageId: id, headers: sealed.headers, persistent: true };
          const pending = await publisher.publish(
            exchangeFor(world.prefix, RECIPIENT),
            'upi.ReqChkTxn.v1',
            sealed.body,
            options,
          );
          return outcomeWithin(pending.outcome, 5_000);
        }),
      );
      expect(copies).to.deep.equal(['confirmed', 'confirmed']);
      await until(
        async () => (await duplicatesSeen()) > duplicatesBefore || ((await world.effects()).get(id) ?? 0) > 1,
        10_000,
        'second copy handled',
      );
      await sleep(100);
      expect((await world.effects()).get(id), 'one effect').to.equal(1);
      expect(await duplicatesSeen(), 'the second copy was recognised as a duplicate').to.equal(
        duplicatesBefore + 1,
      );
      expect(inHandler, 'the handler ran once: the second copy never reached it').to.equal(1);
    } finally {
      await publisher.close();
      await Promise.all([one.stop(), two.stop()]);
    }
  });
  it('a slonik transaction retry (40001) re-runs the callback: one effect, afterCommit once', async () => {
    const calls = new Map<string, number>();
    const afterCommits: string[] = [];
    const consumer = await startConsumer({
      async behaviour(tx, _message, context) {
        const call = (calls.get(context.messageId) ?? 0) + 1;
        calls.set(context.messageId, call);
        context.afterCommit(() => afterCommits.push(`${context.messageId}#${call}`));
        if (call === 1) await tx.query(sql.unsafe`SELECT raise_serialization_failure()`);
      },
    });
    const [id] = await world.send(1);
    await until(async () => (await world.effects()).get(id) === 1, 10_000, 'handled');
    await until(() => afterCommits.length === 1, 5_000, 'afterCommit');
    expect(calls.get(id), 'the callback was re-run by slonik').to.equal(2);
    expect(afterCommits, 'only the committed attempt’s callback ran').to.deep.equal([`${id}#2`]);
    await consumer.stop();
  });
});
