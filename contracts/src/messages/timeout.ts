/**
 * The switch's own timer message: emitted through the outbox when a deadline falls due and delivered back
 * to the switch's queue, where a state-guarded handler turns it into a reversal or a final answer.
 */
import { Type, type Static } from 'typebox';
import { Head, MessageId, TimerKind, Timestamp, TxnId } from '../primitives.ts';

export const TimeoutElapsed = Type.Object(
  {
    type: Type.Literal('switch.TimeoutElapsed.v1'),
    head: Head,
    txnId: TxnId,
    /** The leg (or forwarded request) whose answer did not arrive in time. */
    leg: TimerKind,
    /** The message id of that request: a timer for an older request of the same leg is stale. */
    legMessageId: MessageId,
    armedAt: Timestamp,
    dueAt: Timestamp,
  },
  { additionalProperties: false },
);
export type TimeoutElapsed = Static<typeof TimeoutElapsed>;
