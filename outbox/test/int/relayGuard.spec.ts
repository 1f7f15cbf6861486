/**
 * The relay's guard: a broker that takes nothing leaves rows waiting in the outbox under a bounded,
 * doubling hold-off — not a storm of channels and publishes on every local commit — and a closed
 * connection loses nothing and parks nothing. Uses only this spec's own connection (closed broker-side
 * with rabbitmqctl close_connection) and its own exchanges: nobody else on the shared broker is touched.
 */
import { expect } from 'chai';
import { sql } from 'slonik';
import { exchangeFor, newMessageId } from '@switchyard/contracts';
import { closeBrokerConnections } from '@switchyard/infra/testing';
import { messagingMetrics } from '../../src/index.ts';
import { markOutboxWritten } from '../../src/outboxWrites.ts';
import { RECIPIENT, SENDER, createWorld, sleep, until, type World } from '../support/world.ts';

const batchesSoFar = async (): Promise<number> => {
  const metric = await messagingMetrics.outboxBatchSize.get();
  return (
    metric.values.find(
      (v) =>
        v.metricName === 'outbox_batch_size_count' &&
        (v.labels as Record<string, unknown>).participant === SENDER &&
        (v.labels as Record<string, unknown>).path === 'claim',
    )?.value ?? 0
  );
};

const backoffSeconds = async (): Promise<number> =>
  (await messagingMetrics.relayBackoffSeconds.get()).values.find(
    (v) => (v.labels as Record<string, unknown>).participant === SENDER,
  )?.value ?? 0;

describe('outbox relay: the guard against a broker that takes nothing', function () {
  this.timeout(60_000);
  let world: World;

  before(async () => {
    world = await createWorld();
  });
  after(async () => world?.drop());

  const pending = async (): Promise<number> =>
    (await world.db.pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM outbox`)) as number;

  it('publishes that keep failing: rows stay, batches back off (doubling) however many commits wake the relay, then drain once it can publish', async () => {
    const exchange = `${world.prefix}guard-target`;
    // An exchange that does not exist yet: every publish closes the channel (404), like a broker refusing all.
    const insertRows = (count: number) =>
      world.db.transaction(async (tx) => {
        for (let n = 0; n < count; n += 1) {
          const id = newMessageId();
          const sealed = world.seal(id);
          await tx.query(sql.unsafe`
            INSERT INTO outbox (message_id, exchange, routing_key, message_type, headers, body)
            VALUES (${id}, ${exchange}, 'upi.ReqChkTxn.v1', 'upi.ReqChkTxn.v1', ${sql.jsonb(sealed.headers)}, ${sql.binary(sealed.body)})`);
        }
        markOutboxWritten(tx); // as enqueue does: this commit wakes the relay
      });
    await insertRows(5);
    const before = await batchesSoFar();
    const relay = world.startRelay({ pollMs: 100, guardBackoffMsMax: 1_600 });
    try {
      // 100 local commits over ~2.5 s, each writing a row and waking the relay.
      for (let n = 0; n < 100; n += 1) {
        await insertRows(1);
        await sleep(25);
      }
      const batches = (await batchesSoFar()) - before;
      // Holds of 100, 200, 400, 800, 1600 ms: a handful of batches in 2.5 s, never one per commit.
      expect(batches).to.be.within(1, 8);
      expect(await pending()).to.equal(105);
      expect(await backoffSeconds()).to.be.greaterThan(0);
      const parked = await world.db.pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM outbox_parked`);
      expect(parked).to.equal(0);

      // The broker takes them again: the exchange exists, bound to a queue of this spec.
      const channel = await world.rabbit.channel();
      const queue = `${world.prefix}guard-queue`;
      await channel.assertExchange(exchange, 'topic', { durable: false, autoDelete: true });
      await channel.assertQueue(queue, { durable: false, autoDelete: true });
      await channel.bindQueue(queue, exchange, '#');
      await until(async () => (await pending()) === 0, 10_000, 'drained once the broker takes them');
      expect((await channel.checkQueue(queue)).messageCount).to.equal(105);
      expect(await backoffSeconds()).to.equal(0);
    } finally {
      await relay.stop();
    }
  });

  it('a connection closed broker-side: commits meanwhile leave rows in the outbox; after the reconnect each is delivered once, none parked', async () => {
    await world.startConsumer();
    const relay = world.startRelay({ pollMs: 100 });
    try {
      await world.send(3);
      await until(async () => (await world.effects()).size === 3, 10_000, 'baseline delivered');
      const closed = await closeBrokerConnections(`test ${world.prefix}`);
      expect(closed).to.be.greaterThan(0);
      const sent: string[] = [];
      for (let n = 0; n < 20; n += 1) sent.push(...(await world.send(1)));
      await until(
        async () => (await world.effects()).size === 23,
        30_000,
        'all delivered after the reconnect',
      );
      const effects = await world.effects();
      for (const id of sent) expect(effects.get(id)).to.equal(1);
      expect(await pending()).to.equal(0);
      const parked = await world.db.pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM outbox_parked`);
      expect(parked).to.equal(0);
    } finally {
      await relay.stop();
    }
  });
  it('fast path: the connection closes broker-side under publishes from memory: the claim relays them after the reconnect, each delivered once, none parked', async () => {
    await world.startConsumer();
    let closing: Promise<number> | undefined;
    let sessionState: string | undefined;
    const relay = world.startRelay({
      pollMs: 100,
      faults: {
        // The first commit published from memory: its rows go out on a connection the broker just closed.
        afterCommitBeforePublish: async () => {
          closing ??= (async () => {
            sessionState = await world.relaySessionState();
            return closeBrokerConnections(`test ${world.prefix}`);
          })();
          await closing;
        },
      },
    });
    try {
      await until(() => relay.publishesFromMemory(), 10_000, 'publishing from memory');
      await sleep(200); // the start-up claim is over: the next commit is the fast path's
      const claimsBefore = await batchesSoFar();
      const sent = await world.send(5);
      await until(() => closing !== undefined, 10_000, 'the connection closing');
      expect(await closing).to.be.greaterThan(0);
      expect(sessionState, 'closed under the fast path, no claim open').to.equal('idle');
      for (let n = 0; n < 20; n += 1) sent.push(...(await world.send(1)));
      await until(
        async () => {
          const effects = await world.effects();
          return sent.every((id) => effects.has(id));
        },
        30_000,
        'all delivered after the reconnect',
      );
      await until(async () => (await pending()) === 0, 10_000, 'outbox drained');
      const effects = await world.effects();
      for (const id of sent) expect(effects.get(id)).to.equal(1);
      expect(await batchesSoFar(), 'claims relayed what the closed connection took').to.be.greaterThan(
        claimsBefore,
      );
      const parked = await world.db.pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM outbox_parked`);
      expect(parked).to.equal(0);
    } finally {
      await relay.stop();
    }
  });

  const writeQuietly = async (mark: boolean): Promise<void> => {
    const id = newMessageId();
    const sealed = world.seal(id);
    await world.db.transaction(async (tx) => {
      await tx.query(sql.unsafe`
        INSERT INTO outbox (message_id, exchange, routing_key, message_type, headers, body)
        VALUES (${id}, ${exchangeFor(world.prefix, RECIPIENT)}, 'upi.ReqChkTxn.v1', 'upi.ReqChkTxn.v1',
                ${sql.jsonb(sealed.headers)}, ${sql.binary(sealed.body)})`);
      if (mark) markOutboxWritten(tx); // as the deadline sweeper does: rows the relay has no copy of
    });
  };

  it('claim path (fast path off): wakes on the commits that wrote outbox rows, not on the others', async () => {
    await world.startConsumer();
    const relay = world.startRelay({ pollMs: 600_000, fastPath: false }); // no poll: only commits wake it
    try {
      await world.send(1);
      await until(async () => (await pending()) === 0, 10_000, 'the first row relayed');
      // A row written behind the relay's back (no enqueue, no mark), then commits that wrote no outbox row:
      // none of them wakes the relay, so the row waits.
      await writeQuietly(false);
      for (let n = 0; n < 20; n += 1)
        await world.db.transaction(async (tx) => tx.query(sql.unsafe`SELECT 1`));
      await sleep(500);
      expect(await pending(), 'rows left by commits that wrote none').to.equal(1);
      // The next commit that enqueues wakes it: both rows go.
      await world.send(1);
      await until(async () => (await pending()) === 0, 10_000, 'both rows relayed');
    } finally {
      await relay.stop();
    }
  });

  it('fast path: an enqueue is published from memory without a claim; a commit whose rows it has no copy of wakes the claim', async () => {
    await world.startConsumer();
    const relay = world.startRelay({ pollMs: 600_000 }); // no poll: only commits wake it
    try {
      await until(() => relay.publishesFromMemory(), 10_000, 'ready to publish from memory');
      await world.send(1);
      await until(async () => (await pending()) === 0, 10_000, 'the first row relayed');
      await writeQuietly(false);
      for (let n = 0; n < 20; n += 1)
        await world.db.transaction(async (tx) => tx.query(sql.unsafe`SELECT 1`));
      const claimsBefore = await batchesSoFar();
      // An enqueue now goes out from memory: no claim runs, so the quiet row still waits.
      const [fromMemory] = await world.send(1);
      await until(async () => (await world.effects()).has(fromMemory), 10_000, 'published from memory');
      await until(async () => (await pending()) === 1, 10_000, 'its row deleted');
      await sleep(300);
      expect(await pending(), 'the quiet row waits: no claim ran').to.equal(1);
      expect(await batchesSoFar(), 'no claimed batch').to.equal(claimsBefore);
      // Rows written the sweeper's way (marked, no copy) wake the claim: it takes both.
      await writeQuietly(true);
      await until(async () => (await pending()) === 0, 10_000, 'both rows relayed by a claim');
      expect(await batchesSoFar()).to.equal(claimsBefore + 1);
    } finally {
      await relay.stop();
    }
  });
});
