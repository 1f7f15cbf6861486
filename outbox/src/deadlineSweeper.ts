/**
 * Fires due deadlines (docs/guarantees.md §6): every intervalMs, in ONE transaction, moves deadline rows with
 * due_at <= now() - grace into the outbox (same message_id, so any copy that arrives twice is dropped by the
 * inbox) and deletes them. SKIP LOCKED makes concurrent sweepers safe without leader election; a row being
 * cancelled by a handler right now is locked and skipped, and gone by the next sweep.
 * A message_id already in the outbox (ON CONFLICT) leaves its deadline armed (docs/guarantees.md §6).
 */
import { sql } from 'slonik';
import type { Db, Log } from '@switchyard/infra';
import { startBackgroundLoop } from './backgroundLoop.ts';
import { messagingMetrics } from './metrics.ts';
import { markOutboxWritten } from './outboxWrites.ts';

export type DeadlineSweeperOptions = {
  participant: string;
  db: Db;
  log: Log;
  intervalMs: number;
  graceMs: number;
  batchSizeMax?: number;
};

type Fired = { message_id: string; txn_id: string; leg: string };

/** One sweep; returns the number of timeouts moved into the outbox. */
export const sweepDeadlines = async (db: Db, graceMs: number, batchSizeMax: number): Promise<number> =>
  (await sweepDue(db, graceMs, batchSizeMax)).length;

/** One sweep; returns the timers it fired. */
const sweepDue = async (db: Db, graceMs: number, batchSizeMax: number): Promise<readonly Fired[]> =>
  db.transaction(async (tx) => {
    const fired = await tx.any(sql.unsafe`
      WITH due AS (
        SELECT message_id, txn_id, exchange, routing_key, headers, body FROM deadlines
        WHERE due_at <= now() - ${graceMs} * interval '1 millisecond'
        ORDER BY due_at LIMIT ${batchSizeMax}
        FOR UPDATE SKIP LOCKED
      ), inserted AS (
        INSERT INTO outbox (message_id, exchange, routing_key, message_type, partition_key, headers, body, correlation_id)
        SELECT message_id, exchange, routing_key, routing_key, txn_id, headers, body, txn_id FROM due
        ON CONFLICT (message_id) DO NOTHING
        RETURNING message_id
      )
      DELETE FROM deadlines WHERE message_id IN (SELECT message_id FROM inserted) RETURNING message_id, txn_id, leg`);
    if (fired.length > 0) markOutboxWritten(tx);
    return fired as readonly Fired[];
  });

export const startDeadlineSweeper = (o: DeadlineSweeperOptions): { stop(): Promise<void> } => {
  const batchSizeMax = o.batchSizeMax ?? 100;
  const loop = startBackgroundLoop({
    name: 'deadline-sweeper',
    log: o.log,
    intervalMs: o.intervalMs,
    async step() {
      const fired = await sweepDue(o.db, o.graceMs, batchSizeMax);
      if (fired.length > 0)
        messagingMetrics.timeoutsFiredTotal.inc(
          { participant: o.participant, source: 'sweeper' },
          fired.length,
        );
      for (const timer of fired)
        o.log.info(
          { correlationId: timer.txn_id, messageId: timer.message_id, leg: timer.leg },
          `${timer.leg} timer fired`,
        );
      return fired.length === batchSizeMax ? 'again' : 'idle';
    },
  });
  return { stop: () => loop.stop() };
};
