/**
 * The checks every leg response passes before it may change a payment: it belongs to a leg the switch
 * requested, comes from the participant it was sent to, answers that very request (or an earlier attempt
 * of it: the bank answers every attempt alike, per (txn, leg)), and is the first answer.
 * A first answer after the leg's timer fired is late: recorded (U70); the caller acts on it only when it
 * proves an uncertain outcome (docs/upi.md §6.5.4).
 */
import { type Result } from '@switchyard/contracts';
import type { Leg, LegKind, Payment, PaymentState } from './payment.ts';
import type { LateResponseRecorded } from './paymentEvents.ts';
import type { PaymentRejection } from './paymentCommands.ts';

export type ResponseCheck =
  | { kind: 'current'; payment: Payment; leg: Leg }
  | { kind: 'late'; event: LateResponseRecorded }
  | { kind: 'rejected'; rejection: PaymentRejection };

export type LegResponse = {
  leg: LegKind;
  sender: string;
  requestMessageId: string;
  result: Result;
  respCode: string;
};

export const acceptResponse = (state: PaymentState, response: LegResponse, now: Date): ResponseCheck => {
  if (state.status === 'NEW') return { kind: 'rejected', rejection: 'unknown_payment' };
  const leg = state.payment.legs[response.leg];
  if (leg === undefined) return { kind: 'rejected', rejection: 'unexpected_response' };
  if (response.sender !== leg.participant) return { kind: 'rejected', rejection: 'wrong_sender' };
  const answersThisLeg =
    response.requestMessageId === leg.messageId ||
    (leg.earlierMessageIds ?? []).includes(response.requestMessageId);
  if (!answersThisLeg) return { kind: 'rejected', rejection: 'response_mismatch' };
  if (leg.outcome === 'TIMED_OUT' && leg.late === undefined) {
    const event: LateResponseRecorded = {
      type: 'LateResponseRecorded',
      at: now.toISOString(),
      leg: response.leg,
      result: response.result,
      respCode: response.respCode,
      errCode: 'U70',
    };
    return { kind: 'late', event };
  }
  if (leg.outcome !== 'PENDING') return { kind: 'rejected', rejection: 'response_already_received' };
  return { kind: 'current', payment: state.payment, leg };
};
