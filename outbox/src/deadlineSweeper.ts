/**
 * Fires due deadlines (docs/guarantees.md §6): every intervalMs, in ONE transaction, claims the deadline rows
 * with due_at <= now() - grace (FOR UPDATE SKIP LOCKED), seals their switch.TimeoutElapsed.v1 messages — the
 * only seal a timer ever costs, paid only by the timers that fire — and, in one statement, inserts them into
 * the outbox with the deadline's message_id (so any copy that arrives twice is dropped by the inbox) and
 * deletes the rows. SKIP LOCKED makes concurrent sweepers safe without leader election; a row being cancelled
 * by a handler right now is locked and skipped, and gone by the next sweep; a handler cancelling a row the
 * sweep holds waits for it and finds nothing to delete.
 * A message_id already in the outbox (ON CONFLICT) leaves its deadline armed (docs/guarantees.md §6).
 * A row armed before migration 005 carries its message sealed at arm time: it is published as stored.
 */
import { sql } from 'slonik';
import { amqpHeadersFor, exchangeFor, type Sealer, type TimerKind } from '@switchyard/contracts';
import type { Db, Log } from '@switchyard/infra';
import { startBackgroundLoop } from './backgroundLoop.ts';
import { TIMEOUT_TYPE, timeoutMessage } from './deadlines.ts';
import { messagingMetrics } from './metrics.ts';
import { rememberOutboxRow, type OutboxCopy } from './outboxWrites.ts';

/** What a sweep needs: the participant's own sealer (its timers are addressed to itself) and prefix. */
export type SweepOptions = {
  participant: string;
  prefix: string;
  sealer: Pick<Sealer, 'seal'>;
  db: Db;
  graceMs: number;
  batchSizeMax?: number;
};

export type DeadlineSweeperOptions = SweepOptions & { log: Log; intervalMs: number };

type Fired = { message_id: string; txn_id: string; leg: string };

type DueRow = {
  message_id: string;
  txn_id: string;
  leg: TimerKind;
  leg_message_id: string | null;
  armed_at: Date | null;
  due_at: Date;
  /** Set only on rows armed before migration 005 (sealed at arm time). */
  exchange: string | null;
  routing_key: string | null;
  headers: Record<string, unknown> | null;
  body: Buffer | null;
};

/** One sweep; returns the number of timeouts moved into the outbox. */
export const sweepDeadlines = async (o: SweepOptions): Promise<number> => (await sweepDue(o)).length;

/** The outbox row a due deadline becomes: its stored message (a row from before 005), else sealed now. */
const outboxRowFor = (o: SweepOptions, row: DueRow, now: Date): OutboxCopy => {
  const common = { messageId: row.message_id, correlationId: row.txn_id, createdMs: now.getTime() };
  if (row.body !== null && row.exchange !== null && row.routing_key !== null && row.headers !== null)
    return {
      ...common,
      exchange: row.exchange,
      routingKey: row.routing_key,
      messageType: row.routing_key,
      headers: row.headers,
      body: row.body,
    };
  const timer = {
    messageId: row.message_id,
    txnId: row.txn_id,
    leg: row.leg,
    legMessageId: row.leg_message_id!, // the CHECK deadlines_fireable: set when body is not
    armedAt: row.armed_at!,
    dueAt: row.due_at,
  };
  const sealed = o.sealer.seal({
    recipient: o.participant,
    message: timeoutMessage(o.participant, timer, now),
    messageId: row.message_id,
    correlationId: row.txn_id,
    now,
  });
  return {
    ...common,
    exchange: exchangeFor(o.prefix, o.participant),
    routingKey: TIMEOUT_TYPE,
    messageType: TIMEOUT_TYPE,
    headers: amqpHeadersFor(sealed.headers),
    body: sealed.body,
  };
};

/**
 * One sweep: two statements when something is due (claim; insert + delete), one when nothing is.
 * @throws CryptoError (contracts) when a timeout cannot be sealed (no own key usable now): nothing fires
 */
const sweepDue = async (o: SweepOptions): Promise<readonly Fired[]> =>
  o.db.transaction(async (tx) => {
    const due = (await tx.any(sql.unsafe`
      SELECT message_id, txn_id, leg, leg_message_id, armed_at, due_at, exchange, routing_key, headers, body
      FROM deadlines
      WHERE due_at <= now() - ${o.graceMs} * interval '1 millisecond'
      ORDER BY due_at LIMIT ${o.batchSizeMax ?? 100}
      FOR UPDATE SKIP LOCKED`)) as readonly DueRow[];
    if (due.length === 0) return [];
    const now = new Date();
    const rows = due.map((row) => outboxRowFor(o, row, now));
    const fired = (await tx.any(sql.unsafe`
      WITH inserted AS (
        INSERT INTO outbox (message_id, exchange, routing_key, message_type, partition_key, headers, body, correlation_id)
        SELECT message_id, exchange, routing_key, routing_key, txn_id, headers::jsonb, decode(body, 'hex'), txn_id
        FROM ${sql.unnest(
          rows.map((r) => [
            r.messageId,
            r.exchange,
            r.routingKey,
            r.correlationId!,
            JSON.stringify(r.headers),
            r.body.toString('hex'),
          ]),
          ['text', 'text', 'text', 'text', 'text', 'text'],
        )} AS u(message_id, exchange, routing_key, txn_id, headers, body)
        ON CONFLICT (message_id) DO NOTHING
        RETURNING message_id
      )
      DELETE FROM deadlines WHERE message_id IN (SELECT message_id FROM inserted)
      RETURNING message_id, txn_id, leg`)) as readonly Fired[];
    // The relay publishes the inserted rows from these copies right after the commit (outboxWrites.ts).
    const inserted = new Set(fired.map((timer) => timer.message_id));
    for (const row of rows) if (inserted.has(row.messageId)) rememberOutboxRow(tx, row);
    return fired;
  });

export const startDeadlineSweeper = (o: DeadlineSweeperOptions): { stop(): Promise<void> } => {
  const batchSizeMax = o.batchSizeMax ?? 100;
  const loop = startBackgroundLoop({
    name: 'deadline-sweeper',
    log: o.log,
    intervalMs: o.intervalMs,
    async step() {
      const fired = await sweepDue({ ...o, batchSizeMax });
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
