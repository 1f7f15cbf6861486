/**
 * What each transaction wrote to the outbox, for the relay (relay.ts, docs/guarantees.md §3):
 *
 * - enqueue keeps a copy of every row it inserts (everything a publish needs). Once the transaction has
 *   committed (Db.onCommit), the relay's fast path publishes those copies from memory, without reading the
 *   table; the row itself stays the durable record until its confirm and delete.
 * - The deadline sweeper keeps a copy of each timeout it inserts, the same way (deadlineSweeper.ts).
 * - Any other write to the outbox (lose_answer's DELETE, a test writing rows behind enqueue's back) marks the transaction with markOutboxWritten: the relay then has no
 *   trustworthy copy, drops the transaction's copies and claims its rows from the table instead.
 *
 * Keyed by the transaction object, so nothing outlives the transaction: a rolled-back attempt's copies (slonik
 * re-runs a callback with a fresh transaction object) are never handed over and are garbage with it.
 */
import type { Tx } from '@switchyard/infra';

/** One outbox row as enqueue inserted it: what the relay publishes. */
export type OutboxCopy = {
  messageId: string;
  exchange: string;
  routingKey: string;
  messageType: string;
  headers: Record<string, unknown>;
  body: Buffer;
  correlationId: string | null;
  /** When enqueue inserted it (ms since the epoch): the start of the outbox lag (outbox_lag_seconds). */
  createdMs: number;
};

const copies = new WeakMap<Tx, OutboxCopy[]>();
const uncopied = new WeakSet<Tx>();

/** enqueue: `tx` inserted this row, as given. */
export const rememberOutboxRow = (tx: Tx, copy: OutboxCopy): void => {
  const list = copies.get(tx);
  if (list) list.push(copy);
  else copies.set(tx, [copy]);
};

/**
 * `tx` wrote (or changed, or deleted) outbox rows other than through enqueue: none of its rows is published
 * from memory, the relay claims them from the table.
 */
export const markOutboxWritten = (tx: Tx): void => {
  uncopied.add(tx);
};

/** Whether `tx` wrote outbox rows at all. */
export const wroteOutbox = (tx: Tx): boolean => copies.has(tx) || uncopied.has(tx);

/**
 * Hands over the copies of a committed transaction's rows — once: a second call gets none. Undefined when
 * there are none or they cannot be trusted (markOutboxWritten): its rows are then the claim's.
 */
export const takeOutboxCopies = (tx: Tx): OutboxCopy[] | undefined => {
  const list = copies.get(tx);
  copies.delete(tx);
  return uncopied.has(tx) ? undefined : list;
};
