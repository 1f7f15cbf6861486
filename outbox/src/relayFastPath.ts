/**
 * The relay's fast path (docs/guarantees.md §3): the rows of a transaction that just committed, published
 * from the copies enqueue kept (outboxWrites.ts) at once on the leader's confirm channel — no claim, no
 * transaction held over the broker round trip. A confirmed row goes on a list of rows to delete; the relay
 * deletes that list in one statement every few milliseconds, off the hot path (flushDeletes, autocommit on the
 * leader's session). Every row stays in the table until its confirm and its delete, so the claim path
 * (relayBatch.ts) remains the source of truth:
 *
 * - a row the fast path could not publish (nack, return, confirm timeout, channel closed) is handed back as
 *   it is — the claim retries it, with its back-off and parking;
 * - a crash anywhere leaves the rows in the table: the next leader claims them, and a row that was already
 *   confirmed goes out twice (the consumer's inbox absorbs the copy);
 * - `inFlight` (shared with the claim) keeps the two paths off each other's rows within the process.
 *
 * The fault points mean the same as on the claim path: afterCommitBeforePublish (the business transaction
 * has committed), afterPublishBeforeConfirm, afterConfirmBeforeDelete, and afterDeleteBeforeCommit just
 * before the delete statement (autocommit: a crash there leaves the rows, as a crash before a COMMIT does).
 */
import type pg from 'pg';
import {
  hitFaultPoint,
  isSimulatedCrash,
  outcomeWithin,
  type ConfirmPublisher,
  type FaultPoints,
  type Log,
} from '@switchyard/infra';
import { messagingMetrics } from './metrics.ts';
import type { OutboxCopy } from './outboxWrites.ts';
import { publishAll, recordOutcomes } from './relayPublish.ts';

export type FastPathOptions = {
  participant: string;
  confirmTimeoutMs: number;
  /** Confirmed rows waiting for their delete that make the relay delete at once. */
  deleteBatchMax: number;
  /** The longest a confirmed row waits for its delete otherwise. */
  deleteDelayMs: number;
  /** Message ids in flight in this process, fast path and claim alike (relayBatch.ts). */
  inFlight: Set<string>;
  log: Log;
  faults?: FaultPoints;
  /** Runs the relay's loop: deletes are due. */
  wake(): void;
  /**
   * One commit's rows are settled: `confirmed` of `published` confirmed; `handedBack` rows (not confirmed, or
   * never published) are the claim's now.
   */
  settled(outcome: { published: number; confirmed: number; handedBack: number }): void;
  /** A fault point crashed the relay (tests). */
  crashed(): void;
};

export type FastPath = {
  /** Publishes one committed transaction's rows (already marked in flight by the caller). */
  publish(publisher: ConfirmPublisher, copies: readonly OutboxCopy[]): void;
  /** Whether confirmed rows wait for their delete. */
  hasDeletes(): boolean;
  /**
   * Deletes the confirmed rows, one statement, on the leader's session (no transaction open on it).
   * @throws the Postgres error (the rows stay on the list) or SimulatedCrash
   */
  flushDeletes(client: pg.Client): Promise<void>;
  /** Resolves once every publish in flight has settled. */
  idle(): Promise<void>;
  /** A crash: forgets everything (the rows stay in the table for the next leader). */
  drop(): void;
};

const DELETE_CONFIRMED = 'DELETE FROM outbox WHERE message_id = ANY($1::text[])';

export const createFastPath = (o: FastPathOptions): FastPath => {
  const confirmed: string[] = [];
  const tasks = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let dropped = false;
  const labels = { participant: o.participant };

  const deleteSoon = (): void => {
    if (confirmed.length >= o.deleteBatchMax) {
      clearTimeout(timer);
      timer = undefined;
      o.wake();
    } else
      timer ??= setTimeout(() => {
        timer = undefined;
        o.wake();
      }, o.deleteDelayMs);
  };

  const handBack = (ids: readonly string[]): void => {
    for (const id of ids) o.inFlight.delete(id);
  };

  const run = async (publisher: ConfirmPublisher, copies: readonly OutboxCopy[]): Promise<void> => {
    const messageIds = copies.map((copy) => copy.messageId);
    try {
      await hitFaultPoint(o.faults, 'afterCommitBeforePublish', { messageIds });
      const started = performance.now();
      const pending = await publishAll(publisher, copies, o.participant);
      await hitFaultPoint(o.faults, 'afterPublishBeforeConfirm', { messageIds });
      const outcomes = await Promise.all(
        pending.map((outcome) => outcomeWithin(outcome, o.confirmTimeoutMs)),
      );
      messagingMetrics.outboxConfirmLatencySeconds.observe(labels, (performance.now() - started) / 1000);
      await hitFaultPoint(o.faults, 'afterConfirmBeforeDelete', { messageIds });
      if (dropped) return;
      recordOutcomes(o.participant, copies, outcomes);
      messagingMetrics.outboxBatchSize.observe({ ...labels, path: 'commit' }, copies.length);
      const ok: string[] = [];
      const notOk: OutboxCopy[] = [];
      copies.forEach((copy, index) => {
        if (outcomes[index] === 'confirmed') ok.push(copy.messageId);
        else {
          notOk.push(copy);
          o.log.info(
            {
              correlationId: copy.correlationId ?? undefined,
              messageId: copy.messageId,
              type: copy.messageType,
              outcome: outcomes[index] ?? 'unpublished',
            },
            'publish from memory not confirmed: the claim retries it',
          );
        }
      });
      handBack(notOk.map((copy) => copy.messageId));
      if (ok.length > 0) {
        confirmed.push(...ok);
        deleteSoon();
      }
      o.settled({ published: outcomes.length, confirmed: ok.length, handedBack: notOk.length });
    } catch (error) {
      if (isSimulatedCrash(error)) return o.crashed();
      if (dropped) return;
      handBack(messageIds);
      o.log.warn({ err: error, messageIds }, 'publish from memory failed: the claim relays the rows');
      o.settled({ published: 0, confirmed: 0, handedBack: messageIds.length });
    }
  };

  return {
    publish(publisher, copies) {
      const task = run(publisher, copies);
      tasks.add(task);
      void task.finally(() => tasks.delete(task));
    },
    hasDeletes: () => confirmed.length > 0,
    async flushDeletes(client) {
      if (confirmed.length === 0) return;
      clearTimeout(timer);
      timer = undefined;
      const ids = confirmed.splice(0);
      try {
        await hitFaultPoint(o.faults, 'afterDeleteBeforeCommit', { messageIds: ids });
        const { rowCount } = await client.query(DELETE_CONFIRMED, [ids]);
        handBack(ids);
        // Fewer rows than ids: a claim (this or an overlapping leader) relayed and deleted some meanwhile.
        if ((rowCount ?? 0) < ids.length)
          o.log.warn(
            { expected: ids.length, deleted: rowCount },
            'rows confirmed from memory were already deleted (published twice: the inbox absorbs it)',
          );
      } catch (error) {
        confirmed.unshift(...ids); // still confirmed, still to delete: the next flush tries again
        throw error;
      }
    },
    async idle() {
      while (tasks.size > 0) await Promise.all([...tasks]);
    },
    drop() {
      dropped = true;
      clearTimeout(timer);
      timer = undefined;
      confirmed.length = 0;
    },
  };
};
