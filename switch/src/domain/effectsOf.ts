/**
 * What a decision sends and which timers it arms or cancels, derived from its events and the state after
 * them. A decision requests at most one leg, so the final state holds everything that request needs.
 */
import type { Creds, Message } from '@switchyard/contracts';
import type { LegKind, PaymentState } from './payment.ts';
import type { PaymentEvent } from './paymentEvents.ts';
import { finalAnswerOf } from './finalAnswerOf.ts';
import {
  reqAuthDetailsOf,
  reqPayCreditOf,
  reqPayDebitOf,
  reqPayReversalOf,
  reqTxnConfirmationOf,
  respPayFinalOf,
  type Stamp,
} from './paymentMessages.ts';

type Outgoing = { recipient: string; messageId: string; message: Message };
export type Effects = {
  messages: Outgoing[];
  arm: Array<{ leg: LegKind; messageId: string }>;
  cancel: LegKind[];
};
export type EffectsContext = { switchId: string; now: Date; newMessageId: () => string; creds?: Creds };

/** Whether the decision sends the debit, which carries the PIN block the handler must load. */
export const needsCreds = (events: readonly PaymentEvent[]): boolean =>
  events.some((event) => event.type === 'LegRequested' && event.leg === 'DEBIT');

const requestFor = (
  state: PaymentState,
  leg: LegKind,
  orgRespCode: string | undefined,
  context: EffectsContext,
  stamp: Stamp,
): Message => {
  /* c8 ignore next - unreachable: a leg is only requested for an existing payment */
  if (state.status === 'NEW') throw new Error('leg requested for a NEW payment');
  const { payment } = state;
  switch (leg) {
    case 'AUTH':
      return reqAuthDetailsOf(payment, stamp);
    case 'DEBIT':
      if (context.creds === undefined)
        throw new Error(`payment ${payment.txnId}: the debit needs the PIN block`);
      return reqPayDebitOf(payment, context.creds, stamp);
    case 'CREDIT':
      return reqPayCreditOf(payment, stamp);
    case 'DEBIT_REVERSAL':
    case 'CREDIT_REVERSAL':
      return reqPayReversalOf(payment, leg, orgRespCode ?? '00', stamp);
  }
};

/** @throws Error when a debit is requested without `context.creds`. */
export const effectsOf = (
  after: PaymentState,
  events: readonly PaymentEvent[],
  context: EffectsContext,
): Effects => {
  const effects: Effects = { messages: [], arm: [], cancel: [] };
  const stamp = (messageId: string): Stamp => ({ switchId: context.switchId, messageId, now: context.now });
  for (const event of events) {
    switch (event.type) {
      case 'LegRequested':
        effects.messages.push({
          recipient: event.participant,
          messageId: event.messageId,
          message: requestFor(after, event.leg, event.orgRespCode, context, stamp(event.messageId)),
        });
        effects.arm.push({ leg: event.leg, messageId: event.messageId });
        break;
      case 'PayeeResolved':
        effects.cancel.push('AUTH');
        break;
      case 'LegAnswered':
      case 'LegTimedOut':
        effects.cancel.push(event.leg);
        break;
      case 'PaymentCompleted': {
        /* c8 ignore next - unreachable: PaymentCompleted always leaves a terminal state with its final outcome */
        if (after.status === 'NEW' || !('final' in after))
          throw new Error('completed without a final outcome');
        const { payment } = after;
        const answer = finalAnswerOf(payment, after.final);
        const respId = context.newMessageId();
        effects.messages.push({
          recipient: payment.payerPsp,
          messageId: respId,
          message: respPayFinalOf(payment.txnId, payment.payerMessageId, answer, stamp(respId)),
        });
        if (payment.legs.AUTH !== undefined && payment.payeePsp !== undefined) {
          const confirmationId = context.newMessageId();
          effects.messages.push({
            recipient: payment.payeePsp,
            messageId: confirmationId,
            message: reqTxnConfirmationOf(payment, answer, stamp(confirmationId)),
          });
        }
        break;
      }
      case 'PaymentInitiated':
      case 'LateResponseRecorded':
      case 'TxnConfirmationRecorded':
        break;
    }
  }
  return effects;
};
