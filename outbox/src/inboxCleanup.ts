/**
 * Inbox retention (docs/guarantees.md §11): delete rows older than the retention in batches of ctids,
 * repeated until none is left, so no statement holds many locks or runs long. Retention must exceed the
 * longest redelivery horizon — DLQ replays can come days later — hence 14 days by default.
 */
import { sql } from 'slonik';
import type { Db, Log } from '@switchyard/infra';
import { startBackgroundLoop } from './backgroundLoop.ts';
import { messagingMetrics } from './metrics.ts';

export const INBOX_RETENTION_MS_DEFAULT = 14 * 24 * 60 * 60 * 1000;
export const INBOX_CLEANUP_INTERVAL_MS_DEFAULT = 60_000;
const BATCH_SIZE_MAX = 5_000;
/** NServiceBus raises a critical error after 10 consecutive cleanup failures; we log at error level. */
const FAILURES_BEFORE_ALERT = 10;

/** Deletes one batch of inbox rows past retention; returns how many. */
export const cleanupInboxBatch = async (
  db: Db,
  retentionMs: number,
  batchSizeMax = BATCH_SIZE_MAX,
): Promise<number> => {
  const result = await db.pool.query(sql.unsafe`
    DELETE FROM inbox WHERE ctid = ANY(ARRAY(
      SELECT ctid FROM inbox WHERE received_at < now() - ${retentionMs} * interval '1 millisecond' LIMIT ${batchSizeMax}))`);
  return result.rowCount;
};

export const startInboxCleanup = (o: {
  participant: string;
  db: Db;
  log: Log;
  retentionMs?: number;
  intervalMs?: number;
  batchSizeMax?: number;
}): { stop(): Promise<void> } => {
  const retentionMs = o.retentionMs ?? INBOX_RETENTION_MS_DEFAULT;
  const batchSizeMax = o.batchSizeMax ?? BATCH_SIZE_MAX;
  let failures = 0;
  const loop = startBackgroundLoop({
    name: 'inbox-cleanup',
    log: o.log,
    intervalMs: o.intervalMs ?? INBOX_CLEANUP_INTERVAL_MS_DEFAULT,
    async step() {
      try {
        const deleted = await cleanupInboxBatch(o.db, retentionMs, batchSizeMax);
        failures = 0;
        if (deleted > 0)
          messagingMetrics.inboxCleanupDeletedTotal.inc({ participant: o.participant }, deleted);
        return deleted === batchSizeMax ? 'again' : 'idle';
      } catch (error) {
        failures += 1;
        const level = failures >= FAILURES_BEFORE_ALERT ? 'error' : 'warn';
        o.log[level]({ err: error, failures }, 'inbox cleanup failed');
        return 'idle';
      }
    },
  });
  return { stop: () => loop.stop() };
};
