/**
 * Process-level chaos (docs/guarantees.md §9): a stream of messages in flight while (a) RabbitMQ and
 * (b) Postgres restart. Relay and consumer reconnect by themselves; every message's effect happens exactly
 * once. These restart SHARED services: they live in their own spec file and always bring them back up.
 *
 * Uses @switchyard/outbox (tests only: the restart behaviour under test spans the rabbit/ connection here and
 * the relay/consumer there).
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'slonik';
import {
  createOpener,
  createSealer,
  createTestKeys,
  isoTimestamp,
  newMessageId,
  newTxnId,
  type ReqChkTxn,
} from '@switchyard/contracts';
import {
  createOutbox,
  messagingMetrics,
  outboxMigrations,
  startConsumer,
  startRelay,
  type Consumer,
  type Relay,
} from '@switchyard/outbox';
import {
  createTestBroker,
  createTestDatabase,
  ensureRabbitRunning,
  restartRabbit,
  testLog,
  type TestBroker,
  type TestDatabase,
} from '@switchyard/infra/testing';

const run = promisify(execFile);
const SENDER = 'psp.chaos';
const RECIPIENT = 'switch.chaos'; // a PSP may send ReqChkTxn to a switch (contracts permissions.ts)
const MESSAGES = 300;
const BATCH = 10;
const BATCH_INTERVAL_MS = 50;

const postgresVersion = async (): Promise<string> =>
  (await run('ls', ['/etc/postgresql'])).stdout.trim().split('\n')[0];
const pgctl = async (action: 'restart' | 'start', downMs = 0): Promise<void> => {
  const version = await postgresVersion();
  if (action === 'restart' && downMs > 0) {
    await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'stop', '-m', 'fast']);
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']);
    return;
  }
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', action]);
};
const ensurePostgresRunning = async (): Promise<void> => {
  const { stdout } = await run('pg_lsclusters', ['--no-header']);
  if (!/\bonline\b/.test(stdout)) await pgctl('start');
};

const chkTxn = (messageId: string): ReqChkTxn => {
  const now = isoTimestamp(new Date());
  return {
    type: 'upi.ReqChkTxn.v1',
    head: { ver: '2.0', ts: now, orgId: SENDER, msgId: messageId },
    txn: {
      id: newTxnId('CHS'),
      ts: now,
      type: 'ChkTxn',
      orgTxnId: newTxnId('CHS'),
      orgTxnDate: '2026-11-21',
    },
  };
};

describe('infra: restarts of RabbitMQ and Postgres with messages in flight', function () {
  this.timeout(90_000);
  const keys = createTestKeys([SENDER, RECIPIENT]);
  const log = testLog();
  let database: TestDatabase;
  let rabbit: TestBroker;
  let relay: Relay | undefined;
  let consumer: Consumer | undefined;

  before(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sy-chaos-'));
    await writeFile(
      join(dir, '001_effects.sql'),
      'CREATE TABLE effects (message_id text NOT NULL, at timestamptz NOT NULL DEFAULT now());',
    );
    database = await createTestDatabase([outboxMigrations, { name: 'chaos-effects', dir }], {
      connectionTimeoutMs: 2_000,
    });
    rabbit = await createTestBroker({ participants: [SENDER, RECIPIENT], retryDelaysMs: [300], log });
  });
  after(async () => {
    await ensureRabbitRunning();
    await ensurePostgresRunning();
    await rabbit?.drop();
    await database?.drop();
  });
  beforeEach(async () => {
    relay = startRelay({
      participant: SENDER,
      db: database.db,
      broker: rabbit.broker,
      log,
      pollMs: 200,
      leaderRetryMs: 300,
    });
    consumer = await startConsumer({
      participant: RECIPIENT,
      prefix: rabbit.prefix,
      db: database.db,
      broker: rabbit.broker,
      opener: createOpener(keys.own(RECIPIENT), keys.directory),
      log,
      retryAttemptsMax: 5,
      handlers: {
        'upi.ReqChkTxn.v1': {
          name: 'chaos.onReqChkTxn',
          async handle(tx, _message, context) {
            await tx.query(sql.unsafe`INSERT INTO effects (message_id) VALUES (${context.messageId})`);
          },
        },
      },
    });
  });
  afterEach(async () => {
    await ensureRabbitRunning();
    await ensurePostgresRunning();
    await consumer?.stop();
    await relay?.stop();
  });

  let producerRetries = 0;
  /** Enqueues MESSAGES messages in small transactions, retrying a batch (same ids) until it commits. */
  const produce = async (): Promise<string[]> => {
    producerRetries = 0;
    const outbox = createOutbox({
      sealer: createSealer(keys.own(SENDER), keys.directory),
      prefix: rabbit.prefix,
    });
    const ids: string[] = [];
    while (ids.length < MESSAGES) {
      const batch = Array.from({ length: BATCH }, () => newMessageId());
      for (let committed = false; !committed;) {
        try {
          await database.db.transaction(async (tx) => {
            for (const id of batch)
              await outbox.enqueue(tx, { recipient: RECIPIENT, message: chkTxn(id), messageId: id });
          });
          committed = true;
        } catch (error) {
          // The COMMIT may have succeeded with its reply lost: retrying the same ids then hits the unique key.
          if ((error as { name?: string }).name === 'UniqueIntegrityConstraintViolationError')
            committed = true;
          else {
            producerRetries += 1;
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
        }
      }
      ids.push(...batch);
      await new Promise((resolve) => setTimeout(resolve, BATCH_INTERVAL_MS));
    }
    return ids;
  };

  const effectCounts = async (): Promise<Map<string, number> | undefined> => {
    try {
      const rows = (await database.db.pool.any(
        sql.unsafe`SELECT message_id, count(*)::int AS n FROM effects GROUP BY message_id`,
      )) as Array<{
        message_id: string;
        n: number;
      }>;
      return new Map(rows.map((row) => [row.message_id, row.n]));
    } catch {
      return undefined; // Postgres is restarting
    }
  };

  const expectExactlyOnce = async (ids: string[], timeoutMs: number): Promise<number> => {
    const started = Date.now();
    let counts: Map<string, number> | undefined;
    while (Date.now() - started < timeoutMs) {
      counts = await effectCounts();
      if (counts && ids.every((id) => counts!.has(id))) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const missing = ids.filter((id) => !counts?.has(id)).length;
    const doubled = ids.filter((id) => (counts?.get(id) ?? 0) > 1).length;
    expect({ missing, doubled }).to.deep.equal({ missing: 0, doubled: 0 });
    // A row goes once its publish is confirmed, in the relay's next delete batch: possibly after its effect.
    for (let waited = 0; waited < 10_000; waited += 100) {
      if ((await database.db.pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM outbox`)) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await database.db.pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM outbox`)).to.equal(0);
    return Date.now() - started;
  };

  const duplicates = async (): Promise<number> =>
    (await messagingMetrics.inboxDuplicatesTotal.get()).values.find(
      (v) => (v.labels as Record<string, unknown>).consumer === 'chaos.onReqChkTxn',
    )?.value ?? 0;

  it('(a) RabbitMQ restarts mid-stream: nothing lost, nothing doubled', async () => {
    await database.db.pool.query(sql.unsafe`TRUNCATE effects`);
    let disconnects = 0;
    rabbit.broker.on('disconnect', () => (disconnects += 1));
    const duplicatesBefore = await duplicates();
    const producing = produce();
    await new Promise((resolve) => setTimeout(resolve, 500));
    try {
      await restartRabbit(2_000);
    } finally {
      await ensureRabbitRunning();
    }
    const ids = await producing;
    const drainMs = await expectExactlyOnce(ids, 40_000);
    expect(disconnects, 'the connection really dropped').to.be.greaterThan(0);
    console.log(
      `      ${ids.length} messages, each handled once; ${(await duplicates()) - duplicatesBefore} duplicate deliveries absorbed; drained ${drainMs} ms after the last enqueue`,
    );
  });

  it('(b) Postgres restarts mid-stream: nothing lost, nothing doubled', async () => {
    await database.db.pool.query(sql.unsafe`TRUNCATE effects`);
    const duplicatesBefore = await duplicates();
    const producing = produce();
    await new Promise((resolve) => setTimeout(resolve, 500));
    try {
      await pgctl('restart', 2_000);
    } finally {
      await ensurePostgresRunning();
    }
    const ids = await producing;
    const drainMs = await expectExactlyOnce(ids, 40_000);
    expect(producerRetries, 'Postgres was really down while producing').to.be.greaterThan(0);
    console.log(
      `      ${ids.length} messages, each handled once; ${(await duplicates()) - duplicatesBefore} duplicate deliveries absorbed; drained ${drainMs} ms after the last enqueue`,
    );
  });
});
