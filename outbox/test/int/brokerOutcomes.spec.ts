/**
 * What the relay does with anything but a clean confirm (docs/guarantees.md §3): a nack (work queue
 * full, reject-publish) or a return keeps the row, with attempts + 1, back-off and last_error; a row that
 * keeps failing is parked, never dropped; what no binding takes lands in the unroutable queue. On the fast
 * path (published from memory) a nack or return leaves the row as it is, and the claim takes it from there.
 */
import { expect } from 'chai';
import { sql } from 'slonik';
import {
  deadLetterExchange,
  exchangeFor,
  newMessageId,
  unroutableQueue,
  workQueueFor,
} from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import { messagingMetrics } from '../../src/index.ts';
import { rememberOutboxRow } from '../../src/outboxWrites.ts';
import { createWorld, RECIPIENT, SENDER, until, type World } from '../support/world.ts';

const published = async (result: string): Promise<number> =>
  (await messagingMetrics.outboxPublishTotal.get()).values.find(
    (v) =>
      (v.labels as Record<string, unknown>).participant === SENDER &&
      (v.labels as Record<string, unknown>).result === result,
  )?.value ?? 0;

const batches = async (path: 'claim' | 'commit'): Promise<number> =>
  (await messagingMetrics.outboxBatchSize.get()).values.find(
    (v) =>
      v.metricName === 'outbox_batch_size_count' &&
      (v.labels as Record<string, unknown>).participant === SENDER &&
      (v.labels as Record<string, unknown>).path === path,
  )?.value ?? 0;

type Row = { message_id: string; attempts: number; last_error: string | null; available_at: Date };

describe('outbox relay: nacks, returns, the alternate exchange, parking', function () {
  this.timeout(30_000);
  let world: World;
  let work: string;

  const rows = async (): Promise<Row[]> =>
    (await world.db.pool.any(
      sql.unsafe`SELECT message_id, attempts, last_error, available_at FROM outbox ORDER BY seq`,
    )) as Row[];

  before(async () => {
    world = await createWorld({ workQueueLengthMax: 2 });
    work = workQueueFor(world.prefix, RECIPIENT);
  });
  after(async () => world?.drop());

  it('a broker nack (quorum queue at max-length, reject-publish) keeps the row and retries it with back-off', async () => {
    const relay = world.startRelay({ publishRetryDelayMs: 300 });
    try {
      // Fill the queue past its bound first: a quorum queue applies reject-publish once it is over the
      // limit, so publishes pipelined into a queue below it are all taken (the bound is approximate).
      const first = await world.send(3);
      await until(
        async () => (await rows()).length === 0 && (await world.rabbit.messageCount(work)) === 3,
        10_000,
        'queue filled',
      );
      const ids = await world.send(2);
      const nackedKept = async () => {
        const current = await rows();
        return current.length === 2 && current.every((r) => r.attempts >= 1);
      };
      await until(nackedKept, 10_000, 'nacked rows kept');
      const kept = await rows();
      expect(kept.map((r) => r.message_id)).to.have.members(ids);
      for (const row of kept) expect(row.last_error).to.match(/^nacked/);
      expect(await world.rabbit.messageCount(work)).to.equal(3);
      const consumer = await world.startConsumer();
      try {
        await until(
          async () => (await rows()).length === 0,
          15_000,
          'retried and confirmed once there is room',
        );
        await until(async () => (await world.effects()).size === 5, 10_000, 'all handled');
        const effects = await world.effects();
        for (const id of [...first, ...ids]) expect(effects.get(id)).to.equal(1);
      } finally {
        await consumer.stop();
      }
    } finally {
      await relay.stop();
    }
  });

  it("an unroutable publish is 'returned': the row is not deleted, and is parked after publishAttemptsMax", async () => {
    const relay = world.startRelay({ publishRetryDelayMs: 50, publishAttemptsMax: 3 });
    try {
      const id = newMessageId();
      const sealed = world.seal(id);
      // The dead-letter exchange has no alternate exchange and no binding for this key: nothing takes it.
      await world.db.transaction(async (tx) =>
        tx.query(sql.unsafe`
          INSERT INTO outbox (message_id, exchange, routing_key, message_type, headers, body)
          VALUES (${id}, ${deadLetterExchange(world.prefix)}, 'nowhere', 'upi.ReqChkTxn.v1', ${sql.jsonb(sealed.headers)}, ${sql.binary(sealed.body)})`),
      );
      await until(async () => (await rows()).some((r) => r.attempts === 1), 5_000, 'first return');
      const [returned] = await rows();
      expect(returned.last_error).to.match(/^returned/);
      await until(async () => (await rows()).length === 0, 10_000, 'parked');
      const parked = (await world.db.pool.one(
        sql.unsafe`SELECT attempts, reason FROM outbox_parked WHERE message_id = ${id}`,
      )) as {
        attempts: number;
        reason: string;
      };
      expect(parked.attempts).to.equal(3);
      expect(parked.reason).to.match(/^returned/);
    } finally {
      await relay.stop();
    }
  });

  it('fast path: a nack leaves the row as it is, the claim retries it with back-off, each handled once', async () => {
    const relay = world.startRelay({ publishRetryDelayMs: 300 });
    try {
      await until(() => relay.publishesFromMemory(), 10_000, 'publishing from memory');
      const claimsBefore = await batches('claim');
      const nackedBefore = await published('nacked');
      const first = await world.send(3);
      await until(
        async () => (await rows()).length === 0 && (await world.rabbit.messageCount(work)) === 3,
        10_000,
        'queue filled',
      );
      expect(await batches('claim'), 'the first three went out from memory').to.equal(claimsBefore);
      const ids = await world.send(2);
      // Nacked from memory (attempts untouched), then claimed and nacked again (attempts + 1, back-off).
      await until(
        async () => (await rows()).length === 2 && (await rows()).every((r) => r.attempts >= 1),
        10_000,
        'nacked rows kept and retried by a claim',
      );
      expect(await published('nacked')).to.be.at.least(nackedBefore + 4);
      for (const row of await rows()) expect(row.last_error).to.match(/^nacked/);
      const consumer = await world.startConsumer();
      try {
        await until(async () => (await rows()).length === 0, 15_000, 'confirmed once there is room');
        await until(
          async () => {
            const effects = await world.effects();
            return [...first, ...ids].every((id) => effects.has(id));
          },
          10_000,
          'all handled',
        );
        const effects = await world.effects();
        for (const id of [...first, ...ids]) expect(effects.get(id)).to.equal(1);
      } finally {
        await consumer.stop();
      }
    } finally {
      await relay.stop();
      await world.db.pool.query(sql.unsafe`TRUNCATE effects`);
    }
  });

  it("fast path: a 'returned' publish leaves the row; the claim retries it and parks it after publishAttemptsMax", async () => {
    const relay = world.startRelay({ publishRetryDelayMs: 50, publishAttemptsMax: 3 });
    try {
      await until(() => relay.publishesFromMemory(), 10_000, 'publishing from memory');
      const returnedBefore = await published('returned');
      const fromMemoryBefore = await batches('commit');
      const id = newMessageId();
      const sealed = world.seal(id);
      // A row enqueue could not write (the dead-letter exchange routes nothing with this key), with the copy
      // enqueue keeps: the fast path publishes it, the broker returns it.
      const copy = {
        messageId: id,
        exchange: deadLetterExchange(world.prefix),
        routingKey: 'nowhere',
        messageType: 'upi.ReqChkTxn.v1',
        headers: sealed.headers,
        body: sealed.body,
        correlationId: null,
        createdMs: Date.now(),
      };
      await world.db.transaction(async (tx: Tx) => {
        await tx.query(sql.unsafe`
          INSERT INTO outbox (message_id, exchange, routing_key, message_type, headers, body)
          VALUES (${id}, ${copy.exchange}, ${copy.routingKey}, ${copy.messageType}, ${sql.jsonb(sealed.headers)}, ${sql.binary(sealed.body)})`);
        rememberOutboxRow(tx, copy);
      });
      await until(async () => (await rows()).length === 0, 10_000, 'parked');
      expect(await batches('commit'), 'published from memory once').to.equal(fromMemoryBefore + 1);
      // Once from memory (not an attempt: the row was left as it was), then three claimed attempts.
      expect((await published('returned')) - returnedBefore).to.equal(4);
      const parked = (await world.db.pool.one(
        sql.unsafe`SELECT attempts, reason FROM outbox_parked WHERE message_id = ${id}`,
      )) as { attempts: number; reason: string };
      expect(parked.attempts).to.equal(3);
      expect(parked.reason).to.match(/^returned/);
    } finally {
      await relay.stop();
    }
  });

  it('a message nothing is bound for on a participant exchange lands in the unroutable queue (alternate exchange)', async () => {
    const relay = world.startRelay();
    const channel = await world.rabbit.channel();
    await channel.unbindQueue(work, exchangeFor(world.prefix, RECIPIENT), '#');
    try {
      const [id] = await world.send(1);
      await until(
        async () => (await world.rabbit.messageCount(unroutableQueue(world.prefix))) === 1,
        5_000,
        'kept by the AE',
      );
      const [kept] = await world.rabbit.drain(unroutableQueue(world.prefix));
      expect(kept.properties.messageId).to.equal(id);
      expect(kept.properties.appId).to.equal(SENDER);
      // Routed to a durable queue and confirmed, so it is no longer the outbox's to keep.
      await until(async () => (await rows()).length === 0, 5_000, 'row deleted');
    } finally {
      await channel.bindQueue(work, exchangeFor(world.prefix, RECIPIENT), '#');
      await relay.stop();
    }
  });
});
