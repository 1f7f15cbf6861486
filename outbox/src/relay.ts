/**
 * The outbox relay (docs/guarantees.md §3): one active relay per service database, with two paths.
 *
 * - Fast path (relayFastPath.ts): when a local transaction that enqueued rows commits (db.onCommit) and this
 *   process leads, has an open confirm channel, the broker neither disconnected nor blocking and the guard
 *   not holding off, the rows are published at once from enqueue's copies — no claim — and deleted, once
 *   confirmed, in batches every few ms (on the leader session, between claims).
 * - Claim path (relayBatch.ts), the fallback and the source of truth: whatever the fast path did not take or
 *   could not publish (not leader, broker away, a nack/return/timeout, rows from before a restart or from
 *   another process) wakes it; it also runs on a poll (pollMs) and at start.
 *
 * The two never publish the same row within the process: `inFlight` holds every message id either path has
 * in flight, the claim skips those, and the fast path skips a row a claim holds. The leader pauses while the
 * broker blocks publishing, reopens its confirm channel after a reconnect and steps down when its Postgres
 * session breaks. Non-leaders retry the lock every leaderRetryMs.
 *
 * The guard: a batch that confirms nothing (the channel died, every publish was nacked or timed out) or
 * throws is a failed step; after one the relay holds off — pollMs, doubling with each further failure up to
 * guardBackoffMsMax — and local commits do not cut the hold short, so a broker outage leaves rows waiting in
 * the outbox instead of a storm of channels and publishes. A reconnect ends the hold (the broker is back);
 * a batch that confirms anything resets it. While disconnected the relay never touches the broker at all.
 */
import type { Sealer } from '@switchyard/contracts';
import type { Broker, ConfirmPublisher, Db, FaultPoints, Log } from '@switchyard/infra';
import { createConfirmPublisher, isSimulatedCrash } from '@switchyard/infra';
import { sql } from 'slonik';
import { startBackgroundLoop } from './backgroundLoop.ts';
import { tryLeaderSession, type LeaderSession } from './leaderSession.ts';
import { messagingMetrics, registerOutboxProbe } from './metrics.ts';
import { relayBatch, type RelayBatchOptions } from './relayBatch.ts';
import { createFastPath } from './relayFastPath.ts';
import { takeOutboxCopies, wroteOutbox, type OutboxCopy } from './outboxWrites.ts';

export type RelayOptions = {
  participant: string;
  db: Db;
  broker: Broker;
  log: Log;
  batchSizeMax?: number;
  pollMs?: number;
  confirmTimeoutMs?: number;
  /** Failed publishes (nack, return, confirm timeout) before the row is parked in outbox_parked. */
  publishAttemptsMax?: number;
  publishRetryDelayMs?: number;
  publishRetryDelayMsMax?: number;
  leaderRetryMs?: number;
  /** The longest hold-off of the guard after consecutive failed batches. */
  guardBackoffMsMax?: number;
  /** Re-seals rows whose keys are retiring before publishing them (relayBatch.ts); none: published as they are. */
  sealer?: Pick<Sealer, 'needsReseal' | 'reseal'>;
  faults?: FaultPoints;
  /** Publish committed rows from memory (relayFastPath.ts); false: every row goes through a claim. */
  fastPath?: boolean;
  /** Confirmed fast-path rows that make the relay delete at once… */
  deleteBatchMax?: number;
  /** …else the longest a confirmed row waits for its (batched) delete. */
  deleteDelayMs?: number;
};

export type Relay = {
  stop(): Promise<void>;
  isLeader(): boolean;
  /** Whether a commit now would be published from memory (leader, channel open, broker taking messages). */
  publishesFromMemory(): boolean;
};

export const RELAY_DEFAULTS = {
  batchSizeMax: 200,
  pollMs: 1_000,
  confirmTimeoutMs: 5_000,
  publishAttemptsMax: 20,
  publishRetryDelayMs: 1_000,
  publishRetryDelayMsMax: 60_000,
  leaderRetryMs: 2_000,
  guardBackoffMsMax: 30_000,
  deleteBatchMax: 200,
  deleteDelayMs: 20,
};

export const startRelay = (o: RelayOptions): Relay => {
  const log = o.log.child({ component: 'relay' });
  const batch: RelayBatchOptions = {
    participant: o.participant,
    batchSizeMax: o.batchSizeMax ?? RELAY_DEFAULTS.batchSizeMax,
    confirmTimeoutMs: o.confirmTimeoutMs ?? RELAY_DEFAULTS.confirmTimeoutMs,
    publishAttemptsMax: o.publishAttemptsMax ?? RELAY_DEFAULTS.publishAttemptsMax,
    publishRetryDelayMs: o.publishRetryDelayMs ?? RELAY_DEFAULTS.publishRetryDelayMs,
    publishRetryDelayMsMax: o.publishRetryDelayMsMax ?? RELAY_DEFAULTS.publishRetryDelayMsMax,
    sealer: o.sealer,
    log,
    faults: o.faults,
  };
  const leaderRetryMs = o.leaderRetryMs ?? RELAY_DEFAULTS.leaderRetryMs;
  const labels = { participant: o.participant };
  let session: LeaderSession | undefined;
  let publisher: ConfirmPublisher | undefined;
  let nextLeaderAttempt = 0;
  let crashed = false;
  let stopping = false;
  const fastPathOn = o.fastPath ?? true;
  const inFlight = new Set<string>();
  /** Rows may wait that no claim has looked at yet (set at start, by commits the fast path did not take…). */
  let claimWanted = true;
  let lastClaimAt = 0;
  const pollMs = o.pollMs ?? RELAY_DEFAULTS.pollMs;
  const guardBackoffMsMax = o.guardBackoffMsMax ?? RELAY_DEFAULTS.guardBackoffMsMax;
  let failedSteps = 0;
  let holdUntil = 0;
  const held = (): boolean => Date.now() < holdUntil;
  const stepFailed = (): void => {
    failedSteps += 1;
    const holdMs = Math.min(pollMs * 2 ** Math.min(failedSteps - 1, 20), guardBackoffMsMax);
    holdUntil = Date.now() + holdMs;
    messagingMetrics.relayBackoffSeconds.set(labels, holdMs / 1000);
    if (failedSteps === 1 || holdMs === guardBackoffMsMax)
      log.warn({ failedSteps, holdMs }, 'relay batch published nothing: holding off');
  };
  const stepSucceeded = (): void => {
    if (failedSteps === 0) return;
    failedSteps = 0;
    holdUntil = 0;
    messagingMetrics.relayBackoffSeconds.set(labels, 0);
  };

  const fast = createFastPath({
    participant: o.participant,
    confirmTimeoutMs: batch.confirmTimeoutMs,
    deleteBatchMax: o.deleteBatchMax ?? RELAY_DEFAULTS.deleteBatchMax,
    deleteDelayMs: o.deleteDelayMs ?? RELAY_DEFAULTS.deleteDelayMs,
    inFlight,
    log,
    faults: o.faults,
    wake: () => loop.wake(),
    settled({ confirmed, handedBack }) {
      if (handedBack > 0) {
        claimWanted = true;
        loop.wake();
      }
      // As for a claimed batch: nothing confirmed holds the relay off, anything confirmed ends the hold. Commits
      // that were in flight together fail together: one failed step, not one per commit, while holding off.
      if (confirmed > 0) stepSucceeded();
      else if (!held()) stepFailed();
    },
    crashed: () => void crash(),
  });

  const stepDown = async (): Promise<void> => {
    const ending = session;
    session = undefined;
    messagingMetrics.relayIsLeader.set(labels, 0);
    if (ending) await ending.end();
  };

  const lead = async (): Promise<boolean> => {
    if (session && !session.broken()) return true;
    if (session) {
      log.warn('relay session broken: stepping down');
      await stepDown();
    }
    if (Date.now() < nextLeaderAttempt) return false;
    nextLeaderAttempt = Date.now() + leaderRetryMs;
    session = await tryLeaderSession({
      connectionUri: o.db.pool.configuration.connectionUri,
      lockName: `outbox-relay:${o.participant}`,
      log,
      idleInTransactionTimeoutMs: batch.confirmTimeoutMs + 30_000,
    }).catch((error: unknown) => {
      log.warn({ err: error }, 'relay could not reach Postgres');
      return undefined;
    });
    if (session) log.info('relay is the leader');
    messagingMetrics.relayIsLeader.set(labels, session ? 1 : 0);
    return session !== undefined;
  };

  const openPublisher = async (signal: AbortSignal): Promise<ConfirmPublisher | undefined> => {
    if (publisher?.isOpen()) return publisher;
    if (!o.broker.isConnected()) return undefined; // the 'connect' event wakes us
    // createConfirmChannel() waits while disconnected: never let that hold up stop().
    const opening = o.broker.createConfirmChannel();
    const aborted = new Promise<undefined>((resolve) =>
      signal.addEventListener('abort', () => resolve(undefined), { once: true }),
    );
    const channel = await Promise.race([opening, aborted]);
    if (!channel || signal.aborted) {
      void opening.then((late) => late.close()).catch(() => undefined);
      return undefined;
    }
    publisher = createConfirmPublisher(channel);
    return publisher;
  };

  /** Dies like a killed process: no ROLLBACK, no channel close handshake, no more batches. */
  const crash = async (): Promise<void> => {
    if (crashed) return;
    crashed = true;
    fast.drop();
    log.warn('relay crashed (simulated)');
    const dying = session;
    session = undefined;
    messagingMetrics.relayIsLeader.set(labels, 0);
    (
      dying?.client as unknown as { connection?: { stream?: { destroy(): void } } } | undefined
    )?.connection?.stream?.destroy();
    await publisher?.close();
    publisher = undefined;
  };

  const loop = startBackgroundLoop({
    name: 'outbox-relay',
    log,
    intervalMs: pollMs,
    async step(signal) {
      if (crashed || (held() && !fast.hasDeletes())) return 'idle';
      if (!(await lead())) return 'idle';
      try {
        await fast.flushDeletes(session!.client);
      } catch (error) {
        if (isSimulatedCrash(error)) {
          await crash();
          return 'idle';
        }
        log.warn({ err: error }, 'relay could not delete the rows it published from memory: retrying');
        return 'idle'; // a broken session is noticed by lead() on the next step
      }
      if (held()) return 'idle';
      messagingMetrics.relayConnectionBlocked.set(labels, o.broker.isBlocked() ? 1 : 0);
      if (o.broker.isBlocked()) return 'idle';
      const current = await openPublisher(signal);
      if (!current || signal.aborted) return 'idle';
      if (!claimWanted && Date.now() - lastClaimAt < pollMs) return 'idle';
      claimWanted = false;
      lastClaimAt = Date.now();
      try {
        const result = await relayBatch(session!.client, current, { ...batch, inFlight });
        if (result.claimed > 0 && result.confirmed === 0) stepFailed();
        else stepSucceeded();
        const full = result.claimed + result.skipped === batch.batchSizeMax && result.failed === 0;
        if (full) claimWanted = true;
        return full ? 'again' : 'idle';
      } catch (error) {
        if (isSimulatedCrash(error)) {
          await crash();
          return 'idle';
        }
        log.warn({ err: error }, 'relay batch failed');
        claimWanted = true;
        stepFailed();
        await session?.client.query('ROLLBACK').catch(() => stepDown());
        return 'idle';
      }
    },
  });

  /** Whether a commit now is published from memory: the leader, with an open channel to a broker that takes it. */
  const canPublishFromMemory = (): boolean =>
    fastPathOn &&
    !crashed &&
    !stopping &&
    session !== undefined &&
    !session.broken() &&
    o.broker.isConnected() &&
    !o.broker.isBlocked() &&
    !held() &&
    publisher?.isOpen() === true;

  /** Copies that need no re-seal (enqueue sealed them with today's keys; a key may retire under a commit). */
  const publishableFromMemory = (copies: readonly OutboxCopy[]): boolean => {
    if (!o.sealer) return true;
    const now = new Date();
    return copies.every((copy) => !o.sealer!.needsReseal(copy.headers, now));
  };

  const committed = (tx: Parameters<typeof wroteOutbox>[0]): void => {
    if (!wroteOutbox(tx)) return;
    const copies = canPublishFromMemory() ? takeOutboxCopies(tx) : undefined;
    if (copies && publishableFromMemory(copies)) {
      const mine = copies.filter((copy) => !inFlight.has(copy.messageId)); // a claim holds the others
      for (const copy of mine) inFlight.add(copy.messageId);
      if (mine.length > 0) fast.publish(publisher!, mine);
      return;
    }
    claimWanted = true;
    loop.wake();
  };

  const wake = () => loop.wake();
  const reconnected = () => {
    holdUntil = 0; // the broker is back: try at once (a failure holds off again, from where it was)
    loop.wake();
  };
  const offCommit = o.db.onCommit(committed);
  o.broker.on('connect', reconnected);
  o.broker.on('unblocked', wake);
  const offProbe = registerOutboxProbe(o.participant, async () => {
    const row = (await o.db.pool.one(sql.unsafe`
      SELECT count(*)::int AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age FROM outbox`)) as {
      pending: number;
      age: number;
    };
    return { pendingRows: row.pending, oldestPendingAgeSeconds: row.age };
  });

  return {
    isLeader: () => session !== undefined && !session.broken(),
    publishesFromMemory: canPublishFromMemory,
    async stop() {
      stopping = true;
      offCommit();
      o.broker.off('connect', reconnected);
      o.broker.off('unblocked', wake);
      offProbe();
      await fast.idle(); // publishes in flight settle (confirm or timeout)
      await loop.stop();
      if (!crashed) {
        // Delete what was confirmed, so a graceful stop sends nothing twice.
        if (session && !session.broken())
          await fast.flushDeletes(session.client).catch((error: unknown) => {
            if (!isSimulatedCrash(error)) log.warn({ err: error }, 'relay could not delete at stop');
          });
        await publisher?.close();
        await stepDown();
      }
      fast.drop();
    },
  };
};
