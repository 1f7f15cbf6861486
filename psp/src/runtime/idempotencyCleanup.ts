/**
 * Idempotency-Key answers are kept for `retentionMs` (a day by default: longer than any client retries),
 * then deleted in bounded batches. A key reused after that finds its txn id taken (409), never a second
 * payment. Registrations (their codes live minutes) are pruned on the same schedule and retention.
 */
import type { Db, Log } from '@switchyard/infra';
import { deleteExpiredAnswers } from '../db/idempotencyDb.ts';
import { deleteOldRegistrations } from '../db/registrationsDb.ts';

const BATCH_SIZE_MAX = 5_000;
const BATCHES_PER_SWEEP_MAX = 20;

export type Cleanup = { sweep(): Promise<number>; stop(): void };

export const startIdempotencyCleanup = (o: {
  db: Db;
  retentionMs: number;
  intervalMs: number;
  log: Log;
}): Cleanup => {
  const sweep = async (): Promise<number> => {
    let total = 0;
    for (let batch = 0; batch < BATCHES_PER_SWEEP_MAX; batch += 1) {
      const deleted = await deleteExpiredAnswers(o.db.pool, o.retentionMs, BATCH_SIZE_MAX);
      total += deleted;
      if (deleted < BATCH_SIZE_MAX) break;
    }
    for (let batch = 0; batch < BATCHES_PER_SWEEP_MAX; batch += 1) {
      const deleted = await deleteOldRegistrations(o.db.pool, o.retentionMs, BATCH_SIZE_MAX);
      total += deleted;
      if (deleted < BATCH_SIZE_MAX) break;
    }
    return total;
  };
  const timer = setInterval(() => {
    sweep().catch((error: unknown) =>
      o.log.warn({ err: error }, 'idempotency cleanup failed; retrying next interval'),
    );
  }, o.intervalMs);
  timer.unref();
  return { sweep, stop: () => clearInterval(timer) };
};
