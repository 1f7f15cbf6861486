/**
 * What one service's messaging tables know of one payment (its txn id = the messages' correlation id):
 * the messages it received (inbox), the ones still waiting to be published (outbox) or parked after
 * repeated publish failures (outbox_parked), and its armed timers (deadlines). The tools' payment trace
 * reads every service through this function; published outbox rows are deleted, so a message that left
 * is seen in its recipient's inbox instead.
 */
import { sql } from 'slonik';
import type { Queryable } from '@switchyard/infra';

/** A message this service has not handed to the broker yet ('waiting') or gave up on ('parked'). */
export type UnsentMessage = {
  state: 'waiting' | 'parked';
  messageId: string;
  type: string;
  recipient: string | null;
  createdAt: Date;
  attempts: number;
  lastError: string | null;
  /** parked: when, and why. */
  parkedAt: Date | null;
  reason: string | null;
};

/** A message this service's consumer `consumer` handled (committed). */
export type ReceivedMessage = {
  consumer: string;
  messageId: string;
  type: string;
  sender: string | null;
  receivedAt: Date;
};

/** A timer armed for one leg of the payment, not yet fired nor cancelled. */
export type ArmedDeadline = { messageId: string; leg: string; dueAt: Date; armedAt: Date };

export type TxnMessageRecords = {
  received: ReceivedMessage[];
  unsent: UnsentMessage[];
  deadlines: ArmedDeadline[];
};

type UnsentRow = {
  state: 'waiting' | 'parked';
  message_id: string;
  message_type: string;
  recipient: string | null;
  created_at: Date;
  attempts: number;
  last_error: string | null;
  parked_at: Date | null;
  reason: string | null;
};
type ReceivedRow = {
  consumer: string;
  message_id: string;
  message_type: string;
  sender: string | null;
  received_at: Date;
};
type DeadlineRow = { message_id: string; leg: string; due_at: Date; armed_at: Date };

/** Everything this database's messaging tables hold for `txnId`, each list in time order. */
export const txnMessageRecords = async (q: Queryable, txnId: string): Promise<TxnMessageRecords> => {
  const received = (await q.any(sql.unsafe`
    SELECT consumer, message_id, message_type, sender, received_at FROM inbox
    WHERE correlation_id = ${txnId} ORDER BY received_at, message_id`)) as readonly ReceivedRow[];
  const unsent = (await q.any(sql.unsafe`
    SELECT 'waiting' AS state, message_id, message_type, headers->>'x-recipient' AS recipient, created_at, attempts,
           last_error, NULL::timestamptz AS parked_at, NULL AS reason
    FROM outbox WHERE correlation_id = ${txnId}
    UNION ALL
    SELECT 'parked', message_id, message_type, headers->>'x-recipient', created_at, attempts, last_error, parked_at, reason
    FROM outbox_parked WHERE correlation_id = ${txnId}
    ORDER BY created_at`)) as readonly UnsentRow[];
  const deadlines = (await q.any(sql.unsafe`
    SELECT message_id, leg, due_at, coalesce(armed_at, created_at) AS armed_at FROM deadlines WHERE txn_id = ${txnId} ORDER BY due_at`)) as readonly DeadlineRow[];
  return {
    received: received.map((row) => ({
      consumer: row.consumer,
      messageId: row.message_id,
      type: row.message_type,
      sender: row.sender,
      receivedAt: row.received_at,
    })),
    unsent: unsent.map((row) => ({
      state: row.state,
      messageId: row.message_id,
      type: row.message_type,
      recipient: row.recipient,
      createdAt: row.created_at,
      attempts: row.attempts,
      lastError: row.last_error,
      parkedAt: row.parked_at,
      reason: row.reason,
    })),
    deadlines: deadlines.map((row) => ({
      messageId: row.message_id,
      leg: row.leg,
      dueAt: row.due_at,
      armedAt: row.armed_at, // rows armed before migration 005 have only created_at
    })),
  };
};
