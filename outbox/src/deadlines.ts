/**
 * Timers as deadline rows (docs/guarantees.md §6; the cost argument is in outbox/README.md). arm() stores the
 * sealed switch.TimeoutElapsed.v1 message, addressed to the participant itself, in the business
 * transaction; cancel() deletes it in the leg-response handler's transaction; the sweeper moves due rows
 * into the outbox. Completion and timeout race on the row: whichever transaction deletes/claims it first
 * wins, and the timeout handler stays state-guarded anyway.
 */
import { sql } from 'slonik';
import {
  amqpHeadersFor,
  exchangeFor,
  headFor,
  isoTimestamp,
  newMessageId,
  type TimerKind,
  type Sealer,
  type TimeoutElapsed,
} from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { Deadlines } from './types.ts';

const TIMEOUT_TYPE = 'switch.TimeoutElapsed.v1';

export type DeadlinesOptions = { sealer: Sealer; prefix: string; participant: string };

export const createDeadlines = (o: DeadlinesOptions): Deadlines => ({
  /**
   * Arms the timer (txnId, leg). Pure SQL on `tx`.
   * @throws UniqueIntegrityConstraintViolationError when (txnId, leg) is armed already (a bug in the caller)
   */
  async arm(tx: Tx, input): Promise<void> {
    const messageId = newMessageId();
    const message: TimeoutElapsed = {
      type: TIMEOUT_TYPE,
      head: headFor(o.participant, messageId, input.now),
      txnId: input.txnId,
      leg: input.leg,
      legMessageId: input.legMessageId,
      armedAt: isoTimestamp(input.now),
      dueAt: isoTimestamp(input.dueAt),
    };
    const sealed = o.sealer.seal({
      recipient: o.participant,
      message,
      messageId,
      correlationId: input.txnId,
      now: input.now,
    });
    await tx.query(sql.unsafe`
      INSERT INTO deadlines (message_id, txn_id, leg, due_at, exchange, routing_key, headers, body)
      VALUES (${messageId}, ${input.txnId}, ${input.leg}, ${sql.timestamp(input.dueAt)},
              ${exchangeFor(o.prefix, o.participant)}, ${TIMEOUT_TYPE}, ${sql.jsonb(amqpHeadersFor(sealed.headers))},
              ${sql.binary(sealed.body)})`);
  },
  async cancel(tx: Tx, txnId: string, leg: TimerKind): Promise<boolean> {
    const deleted = await tx.maybeOne(
      sql.unsafe`DELETE FROM deadlines WHERE txn_id = ${txnId} AND leg = ${leg} RETURNING 1 AS deleted`,
    );
    return deleted !== null;
  },
});
