/**
 * One relay batch — the claim path (docs/guarantees.md §3), on the leader's own Postgres session. It relays
 * whatever the fast path (relayFastPath.ts) did not: rows committed while this process was not the leader or
 * could not publish, rows the fast path failed to publish, rows from before a restart, the sweeper's rows.
 * BEGIN → claim (READ COMMITTED, ORDER BY seq, FOR UPDATE SKIP LOCKED, none the fast path has in flight) →
 * publish every row, pipelined →
 * await all confirms with one timeout → in the same transaction delete the confirmed-and-not-returned rows,
 * back off the nacked/returned/timed-out ones (parking them after publishAttemptsMax) → COMMIT.
 *
 * Before publishing, a row sealed with or for a key that is retiring (key rotation: contracts generateKeys.ts)
 * is sealed again with today's keys and the row updated in the same transaction (resealRows).
 *
 * No watermark: rows are deleted one by one, so a lower seq that commits late is simply claimed later.
 * A crash anywhere before COMMIT rolls the claim back and the rows are published again: a duplicate on the
 * wire, which the consumer's inbox absorbs. Nothing is ever deleted before its confirm.
 */
import type pg from 'pg';
import { amqpHeadersFor, type Sealer } from '@switchyard/contracts';
import {
  hitFaultPoint,
  outcomeWithin,
  type ConfirmPublisher,
  type FaultPoints,
  type Log,
} from '@switchyard/infra';
import { messagingMetrics } from './metrics.ts';
import { publishAll, recordOutcomes, type Publishable } from './relayPublish.ts';

export type RelayBatchOptions = {
  participant: string;
  batchSizeMax: number;
  confirmTimeoutMs: number;
  publishAttemptsMax: number;
  publishRetryDelayMs: number;
  publishRetryDelayMsMax: number;
  /** The participant's sealer: rows using a retiring key are re-sealed before they are published. */
  sealer?: Pick<Sealer, 'needsReseal' | 'reseal'>;
  /** Failed and parked rows are logged here, each with its txn id as correlationId. */
  log?: Log;
  faults?: FaultPoints;
  /**
   * Message ids the relay has in flight elsewhere (its fast path, relay.ts), shared with it: they are not
   * claimed, and a row that is claimed is added while the batch holds it, so the fast path leaves it alone.
   */
  inFlight?: Set<string>;
};

/** skipped: rows the claim returned but found in flight elsewhere (left alone, counted for the batch size). */
export type RelayBatchResult = {
  claimed: number;
  confirmed: number;
  failed: number;
  parked: number;
  skipped: number;
};

type OutboxRow = {
  seq: string;
  message_id: string;
  exchange: string;
  routing_key: string;
  message_type: string;
  headers: Record<string, unknown>;
  body: Buffer;
  correlation_id: string | null;
  attempts: number;
  /** created_at in ms since the epoch: the start of the outbox lag (outbox_lag_seconds). */
  created_ms: number;
};

const CLAIM = `
  SELECT seq, message_id, exchange, routing_key, message_type, headers, body, correlation_id, attempts,
         (extract(epoch FROM created_at) * 1000)::float8 AS created_ms
  FROM outbox WHERE available_at <= now() AND message_id <> ALL($2::text[])
  ORDER BY seq LIMIT $1
  FOR UPDATE SKIP LOCKED`;
const DELETE_CONFIRMED = 'DELETE FROM outbox WHERE seq = ANY($1::bigint[])';
const BACK_OFF = `
  UPDATE outbox o SET attempts = o.attempts + 1, available_at = now() + u.delay_ms * interval '1 millisecond', last_error = u.error
  FROM unnest($1::bigint[], $2::int[], $3::text[]) AS u(seq, delay_ms, error) WHERE o.seq = u.seq`;
const PARK = `
  WITH parked AS (DELETE FROM outbox WHERE seq = ANY($1::bigint[]) AND attempts >= $2 RETURNING *)
  INSERT INTO outbox_parked (seq, message_id, exchange, routing_key, message_type, partition_key, headers, body,
                             correlation_id, causation_id, created_at, available_at, attempts, last_error, reason)
  SELECT seq, message_id, exchange, routing_key, message_type, partition_key, headers, body,
         correlation_id, causation_id, created_at, available_at, attempts, last_error, coalesce(last_error, 'publish failed')
  FROM parked
  RETURNING message_id, correlation_id`;

const RESEAL = 'UPDATE outbox SET body = $2, headers = $3 WHERE seq = $1';

/**
 * Re-seals, in place, the rows whose envelope uses a retiring key (or one the directory no longer knows).
 * @returns the rows that could not be re-sealed, with why (they are backed off like a failed publish)
 */
const resealRows = async (
  client: pg.Client,
  rows: OutboxRow[],
  sealer: NonNullable<RelayBatchOptions['sealer']>,
  participant: string,
): Promise<Map<string, string>> => {
  const failures = new Map<string, string>();
  const now = new Date();
  for (const row of rows) {
    if (!sealer.needsReseal(row.headers, now)) continue;
    try {
      const sealed = sealer.reseal(row.body, now);
      row.body = sealed.body;
      row.headers = amqpHeadersFor(sealed.headers);
      await client.query(RESEAL, [row.seq, row.body, row.headers]);
      messagingMetrics.outboxResealedTotal.inc({ participant });
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'CONTRACTS_ERR_RESEAL') throw error;
      failures.set(row.seq, (error as Error).message);
    }
  }
  return failures;
};

/** One line per row that was not published (and per row parked), findable by its txn id. */
const logFailures = (
  o: RelayBatchOptions,
  failed: ReadonlyArray<{ delayMs: number; error: string; row: OutboxRow }>,
  parked: ReadonlyArray<{ message_id: string; correlation_id: string | null }>,
): void => {
  for (const { delayMs, error, row } of failed) {
    const ids = { correlationId: row.correlation_id ?? undefined, messageId: row.message_id };
    o.log?.warn(
      { ...ids, type: row.message_type, attempts: row.attempts + 1, delayMs, error },
      'publish failed: retrying later',
    );
  }
  for (const row of parked) {
    const ids = { correlationId: row.correlation_id ?? undefined, messageId: row.message_id };
    o.log?.error(ids, 'publish failed too often: parked in outbox_parked');
  }
};

const backOffMs = (o: RelayBatchOptions, attempts: number): number =>
  Math.min(o.publishRetryDelayMsMax, o.publishRetryDelayMs * 2 ** Math.min(attempts, 20));

/**
 * Runs one batch. The caller owns `client` (the leader session) and the publisher.
 * @throws the Postgres error of any statement (the caller rolls back or drops the session), or SimulatedCrash.
 */
export const relayBatch = async (
  client: pg.Client,
  publisher: ConfirmPublisher,
  o: RelayBatchOptions,
): Promise<RelayBatchResult> => {
  const inFlight = o.inFlight ?? new Set<string>();
  await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
  const returned = (await client.query<OutboxRow>(CLAIM, [o.batchSizeMax, [...inFlight]])).rows;
  // A row committed while the claim ran may have been handed to the fast path meanwhile: it is the fast
  // path's (left as it is, its lock let go at COMMIT). The rest are this batch's until it ends.
  const rows = returned.filter((row) => !inFlight.has(row.message_id));
  for (const row of rows) inFlight.add(row.message_id);
  try {
    return await settleBatch(client, publisher, o, rows, returned.length - rows.length);
  } finally {
    for (const row of rows) inFlight.delete(row.message_id);
  }
};

const asPublishable = (row: OutboxRow): Publishable => ({
  messageId: row.message_id,
  exchange: row.exchange,
  routingKey: row.routing_key,
  messageType: row.message_type,
  headers: row.headers,
  body: row.body,
  correlationId: row.correlation_id,
  createdMs: row.created_ms,
});

const settleBatch = async (
  client: pg.Client,
  publisher: ConfirmPublisher,
  o: RelayBatchOptions,
  rows: OutboxRow[],
  skipped: number,
): Promise<RelayBatchResult> => {
  if (rows.length === 0) {
    await client.query('COMMIT');
    return { claimed: 0, confirmed: 0, failed: 0, parked: 0, skipped };
  }
  const messageIds = rows.map((row) => row.message_id);
  await hitFaultPoint(o.faults, 'afterCommitBeforePublish', { messageIds });
  const unsealable = o.sealer
    ? await resealRows(client, rows, o.sealer, o.participant)
    : new Map<string, string>();
  const publishable = rows.filter((row) => !unsealable.has(row.seq));
  const started = performance.now();
  const toPublish = publishable.map(asPublishable);
  const pending = await publishAll(publisher, toPublish, o.participant);
  await hitFaultPoint(o.faults, 'afterPublishBeforeConfirm', { messageIds });
  const outcomes = await Promise.all(pending.map((outcome) => outcomeWithin(outcome, o.confirmTimeoutMs)));
  messagingMetrics.outboxConfirmLatencySeconds.observe(
    { participant: o.participant },
    (performance.now() - started) / 1000,
  );
  await hitFaultPoint(o.faults, 'afterConfirmBeforeDelete', { messageIds });

  recordOutcomes(o.participant, toPublish, outcomes);
  const confirmed: string[] = [];
  const failed: { seq: string; delayMs: number; error: string; row: OutboxRow }[] = [];
  for (const row of rows.filter((r) => unsealable.has(r.seq)))
    failed.push({ seq: row.seq, delayMs: backOffMs(o, row.attempts), error: unsealable.get(row.seq)!, row });
  outcomes.forEach((outcome, index) => {
    const row = publishable[index];
    if (outcome === 'confirmed') confirmed.push(row.seq);
    // 'closed': the channel died, not the message's fault — the row stays as it was and is claimed again.
    else if (outcome !== 'closed')
      failed.push({
        seq: row.seq,
        delayMs: backOffMs(o, row.attempts),
        error: `${outcome} by the broker (${row.exchange} ${row.routing_key})`,
        row,
      });
  });
  if (confirmed.length > 0) await client.query(DELETE_CONFIRMED, [confirmed]);
  let parked = 0;
  if (failed.length > 0) {
    await client.query(BACK_OFF, [
      failed.map((f) => f.seq),
      failed.map((f) => f.delayMs),
      failed.map((f) => f.error),
    ]);
    const parkedRows = (
      await client.query<{ message_id: string; correlation_id: string | null }>(PARK, [
        failed.map((f) => f.seq),
        o.publishAttemptsMax,
      ])
    ).rows;
    parked = parkedRows.length;
    logFailures(o, failed, parkedRows);
  }
  await hitFaultPoint(o.faults, 'afterDeleteBeforeCommit', { messageIds });
  await client.query('COMMIT');
  messagingMetrics.outboxBatchSize.observe({ participant: o.participant, path: 'claim' }, rows.length);
  if (parked > 0) messagingMetrics.outboxParkedTotal.inc({ participant: o.participant }, parked);
  return {
    claimed: rows.length,
    confirmed: confirmed.length,
    failed: rows.length - confirmed.length,
    parked,
    skipped,
  };
};
