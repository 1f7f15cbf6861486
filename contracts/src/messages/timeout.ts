/**
 * The switch's own timer message: emitted through the outbox when a deadline falls due and delivered back
 * to the switch's queue, where a state-guarded handler turns it into a reversal or a final answer.
 */
import { Type, type Static } from 'typebox';
import { Head, MsgId, Timestamp, TxnId } from '../primitives.ts';

export const TimerKind = Type.Union([
  Type.Literal('AUTH'),
  Type.Literal('DEBIT'),
  Type.Literal('CREDIT'),
  Type.Literal('DEBIT_REVERSAL'),
  Type.Literal('CREDIT_REVERSAL'),
  Type.Literal('VALADD'),
]);
export type TimerKind = Static<typeof TimerKind>;

export const TimeoutElapsed = Type.Object(
  {
    type: Type.Literal('switch.TimeoutElapsed.v1'),
    head: Head,
    txnId: TxnId,
    kind: TimerKind,
    legMsgId: MsgId,
    armedAt: Timestamp,
    dueAt: Timestamp,
  },
  { additionalProperties: false },
);
export type TimeoutElapsed = Static<typeof TimeoutElapsed>;
