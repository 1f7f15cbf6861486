/**
 * Timers and retention (docs/guarantees.md §6, §11): the sweeper fires a due deadline exactly once, a
 * cancelled one never, and seals a timer's message only when it fires; a command's cancels and arms are one
 * statement; rows armed before migration 005 still fire; inbox cleanup deletes only rows past retention and
 * never touches parked rows.
 */
import { expect } from 'chai';
import { sql } from 'slonik';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UniqueIntegrityConstraintViolationError } from 'slonik';
import {
  amqpHeadersFor,
  createOpener,
  createSealer,
  exchangeFor,
  isoTimestamp,
  newMessageId,
  newTxnId,
  type TimeoutElapsed,
  type TimerKind,
} from '@switchyard/contracts';
import { migrate, type Tx } from '@switchyard/infra';
import { createTestDatabase } from '@switchyard/infra/testing';
import {
  cleanupInboxBatch,
  createDeadlines,
  outboxMigrations,
  startDeadlineSweeper,
  startInboxCleanup,
  sweepDeadlines,
  messagingMetrics,
  txnMessageRecords,
} from '../../src/index.ts';
import { createWorld, RECIPIENT, sleep, TIMEOUT_CONSUMER_NAME, until, type World } from '../support/world.ts';

const sweeperFired = async (): Promise<number> =>
  (await messagingMetrics.timeoutsFiredTotal.get()).values.find(
    (v) =>
      (v.labels as Record<string, unknown>).participant === RECIPIENT &&
      (v.labels as Record<string, unknown>).source === 'sweeper',
  )?.value ?? 0;

/** `tx` recording the SQL of each statement run through it. */
const countingTx = (tx: Tx, statements: string[]): Tx =>
  new Proxy(tx, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (typeof property === 'string' && property !== 'transaction' && property !== 'stream')
          statements.push((args[0] as { sql: string }).sql);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });

describe('outbox: deadline sweeper and inbox cleanup', function () {
  this.timeout(30_000);
  let world: World;

  before(async () => {
    world = await createWorld();
  });
  after(async () => world?.drop());

  /** The recipient's own sealer, counting the seals it makes. */
  const countingSealer = () => {
    const sealer = createSealer(world.keys.own(RECIPIENT), world.keys.directory);
    const counted = { ...sealer, seals: 0 };
    counted.seal = (input) => {
      counted.seals += 1;
      return sealer.seal(input);
    };
    return counted;
  };
  const sweepOptions = (sealer = countingSealer()) => ({
    participant: RECIPIENT,
    prefix: world.prefix,
    sealer,
    db: world.db,
    graceMs: 0,
  });
  const deadlines = createDeadlines();

  it('fires a due deadline once (to the participant itself) and never a cancelled one; only firing seals', async () => {
    const relay = world.startRelay();
    const consumer = await world.startConsumer();
    const [due, cancelled, later] = [newTxnId('TST'), newTxnId('TST'), newTxnId('TST')];
    const now = new Date();
    const firedBefore = await sweeperFired();
    await world.db.transaction(async (tx) => {
      await deadlines.arm(tx, {
        txnId: due,
        leg: 'DEBIT',
        dueAt: new Date(now.getTime() + 300),
        legMessageId: '01JDTEST100000000000000000',
        now,
      });
      await deadlines.arm(tx, {
        txnId: cancelled,
        leg: 'DEBIT',
        dueAt: new Date(now.getTime() + 300),
        legMessageId: '01JDTEST200000000000000000',
        now,
      });
      await deadlines.arm(tx, {
        txnId: later,
        leg: 'CREDIT',
        dueAt: new Date(now.getTime() + 60_000),
        legMessageId: '01JDTEST300000000000000000',
        now,
      });
    });
    const dueMessageId = (await world.db.pool.oneFirst(
      sql.unsafe`SELECT message_id FROM deadlines WHERE txn_id = ${due}`,
    )) as string;
    expect(await world.db.transaction(async (tx) => deadlines.cancel(tx, cancelled, 'DEBIT'))).to.equal(true);
    expect(
      await world.db.transaction(async (tx) => deadlines.cancel(tx, cancelled, 'DEBIT')),
      'already gone',
    ).to.equal(false);
    const sealer = countingSealer();
    const sweepers = [1, 2].map(() =>
      startDeadlineSweeper({ ...sweepOptions(sealer), log: world.log, intervalMs: 50, graceMs: 100 }),
    );
    try {
      await until(async () => (await world.effects()).has(dueMessageId), 10_000, 'timeout handled');
      await sleep(500);
      const effects = await world.effects();
      expect(effects.get(dueMessageId), 'fired once, though two sweepers ran').to.equal(1);
      expect(effects.size, 'nothing else fired').to.equal(1);
      const inbox = (await world.db.pool.oneFirst(
        sql.unsafe`SELECT consumer FROM inbox WHERE message_id = ${dueMessageId}`,
      )) as string;
      expect(inbox).to.equal(TIMEOUT_CONSUMER_NAME);
      const remaining = (await world.db.pool.anyFirst(sql.unsafe`SELECT txn_id FROM deadlines`)) as string[];
      expect(remaining).to.deep.equal([later]);
      expect((await sweeperFired()) - firedBefore).to.equal(1);
      expect(
        sealer.seals,
        'one seal: the timer that fired; none for the cancelled or the armed one',
      ).to.equal(1);
    } finally {
      for (const sweeper of sweepers) await sweeper.stop();
      await consumer.stop();
      await relay.stop();
    }
  });

  it('a fired timer is a TimeoutElapsed sealed at fire time for the participant, under the deadline message id', async () => {
    const txnId = newTxnId('TST');
    const armedAt = new Date(Date.now() - 20_000);
    const dueAt = new Date(armedAt.getTime() + 15_000);
    const legMessageId = newMessageId();
    await world.db.transaction(async (tx) =>
      deadlines.arm(tx, { txnId, leg: 'CREDIT', dueAt, legMessageId, now: armedAt }),
    );
    const messageId = (await world.db.pool.oneFirst(
      sql.unsafe`SELECT message_id FROM deadlines WHERE txn_id = ${txnId}`,
    )) as string;
    const stored = await world.db.pool.one(
      sql.unsafe`SELECT body, headers, exchange FROM deadlines WHERE txn_id = ${txnId}`,
    );
    expect(stored, 'nothing sealed at arm time').to.deep.equal({ body: null, headers: null, exchange: null });
    const sealer = countingSealer();
    const firedAt = Date.now();
    expect(await sweepDeadlines(sweepOptions(sealer))).to.equal(1);
    expect(sealer.seals).to.equal(1);
    const row = (await world.db.pool.one(sql.unsafe`
      SELECT message_id, exchange, routing_key, message_type, partition_key, correlation_id, headers, body
      FROM outbox WHERE correlation_id = ${txnId}`)) as {
      message_id: string;
      exchange: string;
      routing_key: string;
      message_type: string;
      partition_key: string;
      correlation_id: string;
      headers: Record<string, unknown>;
      body: Buffer;
    };
    expect(row).to.include({
      message_id: messageId,
      exchange: exchangeFor(world.prefix, RECIPIENT),
      routing_key: 'switch.TimeoutElapsed.v1',
      message_type: 'switch.TimeoutElapsed.v1',
      partition_key: txnId,
      correlation_id: txnId,
    });
    const opened = createOpener(world.keys.own(RECIPIENT), world.keys.directory).open({
      body: row.body,
      amqpMessageId: messageId,
      now: new Date(),
    });
    if (!opened.ok) throw new Error(`cannot open the fired timer: ${opened.reason}`);
    expect(opened.opened.headers).to.include({
      sender: RECIPIENT,
      recipient: RECIPIENT,
      messageId,
      type: 'switch.TimeoutElapsed.v1',
      correlationId: txnId,
    });
    expect(opened.opened.headers.sealedAt, 'sealed when it fired').to.be.at.least(firedAt - 1_000);
    expect(amqpHeadersFor(opened.opened.headers)).to.deep.equal(row.headers);
    const message = opened.opened.message as TimeoutElapsed;
    expect(message).to.deep.include({
      type: 'switch.TimeoutElapsed.v1',
      txnId,
      leg: 'CREDIT',
      legMessageId,
      armedAt: isoTimestamp(armedAt),
      dueAt: isoTimestamp(dueAt),
    });
    expect(message.head.msgId).to.equal(messageId);
    expect(message.head.orgId).to.equal(RECIPIENT);
    expect(Date.parse(message.head.ts), 'sealed when it fired').to.be.at.least(firedAt - 1_000);
    expect(
      await world.db.pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM deadlines WHERE txn_id = ${txnId}`),
    ).to.equal(0);
    await world.db.pool.query(sql.unsafe`DELETE FROM outbox`);
  });

  it('leaves a deadline armed when its message is still waiting in the outbox', async () => {
    const txnId = newTxnId('TST');
    const now = new Date(Date.now() - 10_000);
    const legMessageId = '01JDTEST400000000000000000';
    await world.db.transaction(async (tx) =>
      deadlines.arm(tx, { txnId, leg: 'AUTH', dueAt: now, legMessageId, now }),
    );
    const messageId = (await world.db.pool.oneFirst(
      sql.unsafe`SELECT message_id FROM deadlines WHERE txn_id = ${txnId}`,
    )) as string;
    // No relay runs: the first sweep moves it into the outbox; put a copy back as if the sweep raced a retry.
    expect(await sweepDeadlines(sweepOptions())).to.equal(1);
    await world.db.pool.query(sql.unsafe`
      INSERT INTO deadlines (message_id, txn_id, leg, leg_message_id, armed_at, due_at)
      VALUES (${messageId}, ${txnId}, 'AUTH', ${legMessageId}, now(), now())`);
    expect(await sweepDeadlines(sweepOptions()), 'conflict: nothing fired').to.equal(0);
    expect(
      await world.db.pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM deadlines WHERE txn_id = ${txnId}`),
    ).to.equal(1);
    expect(
      await world.db.pool.oneFirst(
        sql.unsafe`SELECT count(*)::int FROM outbox WHERE message_id = ${messageId}`,
      ),
    ).to.equal(1);
    await world.db.pool.query(sql.unsafe`DELETE FROM deadlines`);
    await world.db.pool.query(sql.unsafe`DELETE FROM outbox`);
  });

  it('a deadline a handler is cancelling is skipped by the sweep (SKIP LOCKED), and fires if the cancel rolls back', async () => {
    const txnId = newTxnId('TST');
    const now = new Date(Date.now() - 10_000);
    await world.db.transaction(async (tx) =>
      deadlines.arm(tx, { txnId, leg: 'DEBIT', dueAt: now, legMessageId: newMessageId(), now }),
    );
    const rolledBack = new Error('the handler failed after its cancel');
    let sweptMeanwhile = -1;
    const handler = world.db.transaction(async (tx) => {
      expect(await deadlines.cancel(tx, txnId, 'DEBIT')).to.equal(true);
      sweptMeanwhile = await sweepDeadlines(sweepOptions()); // another session, while the row is locked
      throw rolledBack;
    });
    await handler.then(
      () => expect.fail('committed'),
      (error: unknown) => expect(error).to.equal(rolledBack),
    );
    expect(sweptMeanwhile, 'locked by the cancel: skipped').to.equal(0);
    expect(await sweepDeadlines(sweepOptions()), 'the cancel rolled back: fires now').to.equal(1);
    await world.db.pool.query(sql.unsafe`DELETE FROM outbox`);
  });

  it('cancelAndArm: a command cancels and arms its timers in one statement', async () => {
    const txnId = newTxnId('TST');
    const now = new Date();
    const arm = (leg: TimerKind, legMessageId = newMessageId()) => ({
      leg,
      dueAt: new Date(now.getTime() + 60_000),
      legMessageId,
      now,
    });
    const armed = async () =>
      (await world.db.pool.any(
        sql.unsafe`SELECT leg, leg_message_id FROM deadlines WHERE txn_id = ${txnId} ORDER BY leg`,
      )) as Array<{ leg: string; leg_message_id: string }>;
    const run = async (change: { cancel: TimerKind[]; arm: ReturnType<typeof arm>[] }) =>
      world.db.transaction(async (tx) => {
        const statements: string[] = [];
        const cancelled = await deadlines.cancelAndArm(countingTx(tx, statements), { txnId, ...change });
        return { cancelled, statements: statements.length };
      });
    expect(await run({ cancel: [], arm: [] })).to.deep.equal({ cancelled: [], statements: 0 });
    expect(await run({ cancel: [], arm: [arm('AUTH')] })).to.deep.equal({ cancelled: [], statements: 1 });
    const debit = arm('DEBIT');
    expect(await run({ cancel: ['AUTH', 'DEBIT'], arm: [debit] }), 'only AUTH was armed').to.deep.equal({
      cancelled: ['AUTH'],
      statements: 1,
    });
    expect(await armed()).to.deep.equal([{ leg: 'DEBIT', leg_message_id: debit.legMessageId }]);
    const again = arm('DEBIT');
    expect(await run({ cancel: ['DEBIT'], arm: [again] }), 'a leg cancelled and armed again').to.deep.equal({
      cancelled: ['DEBIT'],
      statements: 1,
    });
    expect(await armed()).to.deep.equal([{ leg: 'DEBIT', leg_message_id: again.legMessageId }]);
    let error: unknown;
    try {
      await run({ cancel: ['CREDIT'], arm: [arm('DEBIT')] });
    } catch (caught) {
      error = caught;
    }
    expect(error, 'DEBIT is armed').to.be.instanceOf(UniqueIntegrityConstraintViolationError);
    expect(await armed()).to.deep.equal([{ leg: 'DEBIT', leg_message_id: again.legMessageId }]);
    expect(await run({ cancel: ['DEBIT'], arm: [] })).to.deep.equal({ cancelled: ['DEBIT'], statements: 1 });
    expect(await armed()).to.deep.equal([]);
  });

  it('a deadline armed before migration 005 (its message sealed then) fires with its stored message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outbox-004-'));
    for (const file of (await readdir(outboxMigrations.dir)).filter((f) => f < '005'))
      await copyFile(join(outboxMigrations.dir, file), join(dir, file));
    const old = await createTestDatabase([{ name: outboxMigrations.name, dir }]);
    try {
      const txnId = newTxnId('TST');
      const messageId = newMessageId();
      const now = new Date(Date.now() - 20_000);
      const message: TimeoutElapsed = {
        type: 'switch.TimeoutElapsed.v1',
        head: { ver: '2.0', ts: isoTimestamp(now), orgId: RECIPIENT, msgId: messageId },
        txnId,
        leg: 'AUTH',
        legMessageId: newMessageId(),
        armedAt: isoTimestamp(now),
        dueAt: isoTimestamp(new Date(now.getTime() + 10_000)),
      };
      const sealed = createSealer(world.keys.own(RECIPIENT), world.keys.directory).seal({
        recipient: RECIPIENT,
        message,
        messageId,
        correlationId: txnId,
        now,
      });
      const headers = amqpHeadersFor(sealed.headers);
      await old.db.pool.query(sql.unsafe`
        INSERT INTO deadlines (message_id, txn_id, leg, due_at, exchange, routing_key, headers, body)
        VALUES (${messageId}, ${txnId}, 'AUTH', ${sql.timestamp(new Date(message.dueAt))},
                ${exchangeFor(world.prefix, RECIPIENT)}, 'switch.TimeoutElapsed.v1', ${sql.jsonb(headers)},
                ${sql.binary(sealed.body)})`);
      expect(await migrate(old.url, [outboxMigrations])).to.deep.equal(['outbox/005_deadlines_unsealed.sql']);
      const records = await txnMessageRecords(old.db.pool, txnId);
      expect(records.deadlines.map((d) => d.messageId)).to.deep.equal([messageId]);
      const sealer = countingSealer();
      expect(await sweepDeadlines({ ...sweepOptions(sealer), db: old.db })).to.equal(1);
      expect(sealer.seals, 'published as stored').to.equal(0);
      const row = await old.db.pool.one(
        sql.unsafe`SELECT message_id, exchange, routing_key, headers, body FROM outbox WHERE correlation_id = ${txnId}`,
      );
      expect(row).to.deep.equal({
        message_id: messageId,
        exchange: exchangeFor(world.prefix, RECIPIENT),
        routing_key: 'switch.TimeoutElapsed.v1',
        headers,
        body: sealed.body,
      });
    } finally {
      await old.drop();
      await rm(dir, { recursive: true });
    }
  });

  it('inbox cleanup deletes only rows past retention, in batches, and never parked outbox rows', async () => {
    const old = Array.from({ length: 7 }, () => newMessageId());
    const fresh = Array.from({ length: 3 }, () => newMessageId());
    await world.db.pool.query(sql.unsafe`TRUNCATE inbox`);
    await world.db.pool.query(sql.unsafe`
      INSERT INTO inbox (consumer, sender, message_id, message_type, received_at)
      SELECT 'c', 's', id, 't', now() - interval '15 days' FROM unnest(${sql.array(old, 'text')}) AS id
      UNION ALL
      SELECT 'c', 's', id, 't', now() - interval '13 days' FROM unnest(${sql.array(fresh, 'text')}) AS id`);
    await world.db.pool.query(sql.unsafe`
      INSERT INTO outbox_parked (seq, message_id, exchange, routing_key, message_type, body, created_at, reason)
      VALUES (999999, ${newMessageId()}, 'x', 'y', 'z', '\\x00', now() - interval '30 days', 'test')`);
    const retentionMs = 14 * 24 * 60 * 60 * 1000;
    expect(await cleanupInboxBatch(world.db, retentionMs, 5), 'one batch').to.equal(5);
    const cleanup = startInboxCleanup({
      participant: RECIPIENT,
      db: world.db,
      log: world.log,
      batchSizeMax: 5,
      intervalMs: 50,
    });
    try {
      await until(
        async () => (await world.db.pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM inbox`)) === 3,
        5_000,
        'cleaned',
      );
      const left = (await world.db.pool.anyFirst(sql.unsafe`SELECT message_id FROM inbox`)) as string[];
      expect(left).to.have.members(fresh);
      expect(await world.db.pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM outbox_parked`)).to.equal(1);
    } finally {
      await cleanup.stop();
    }
  });
});
