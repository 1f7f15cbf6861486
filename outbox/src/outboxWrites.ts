/**
 * Which transactions wrote outbox rows. The relay wakes on the commit of those only (relay.ts): a commit
 * that wrote none (an inbox row and a duplicate, a status read, a timer disarmed) costs it no claim.
 * Keyed by the transaction object, so nothing outlives the transaction.
 */
import type { Tx } from '@switchyard/infra';

const writers = new WeakSet<Tx>();

/** Called by every statement that inserts into the outbox (enqueue, the deadline sweeper). */
export const markOutboxWritten = (tx: Tx): void => {
  writers.add(tx);
};

/** Whether `tx` inserted outbox rows. */
export const wroteOutbox = (tx: Tx): boolean => writers.has(tx);
