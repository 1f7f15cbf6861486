/**
 * What a decision sends and which timers it arms or cancels, derived from its events and the state after
 * them. A decision requests at most one leg, so the final state holds everything that request needs.
 */
import type { Creds, Message } from '@switchyard/contracts';
import type { LegKind, PaymentState } from './payment.ts';
import type { PaymentEvent } from './paymentEvents.ts';
import { finalAnswerOf } from './finalAnswerOf.ts';
import {
  reqAutoReversalOf,
  reqChkTxnCreditOf,
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
  /** Timers to arm: `attempt` (1, 2…) lets the handler back off (the timer doubles each attempt). */
  arm: Array<{ leg: LegKind; messageId: string; attempt: number }>;
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
    case 'CREDIT_CHECK':
      return reqChkTxnCreditOf(payment, stamp);
    case 'AUTO_REVERSAL':
      return reqAutoReversalOf(payment, stamp);
  }
};

/** The final answer to both PSPs: RespPay to the payer's, ReqTxnConfirmation to the payee's (if it was asked). */
const finalAnswerMessages = (
  after: PaymentState,
  context: EffectsContext,
  stamp: (id: string) => Stamp,
): Outgoing[] => {
  /* c8 ignore next - unreachable: PaymentCompleted/Resolved always leave a terminal state with its final outcome */
  if (after.status === 'NEW' || !('final' in after)) throw new Error('completed without a final outcome');
  const { payment } = after;
  const answer = finalAnswerOf(payment, after.final);
  const respId = context.newMessageId();
  const messages: Outgoing[] = [
    {
      recipient: payment.payerPsp,
      messageId: respId,
      message: respPayFinalOf(payment.txnId, payment.payerMessageId, answer, stamp(respId)),
    },
  ];
  if (payment.legs.AUTH !== undefined && payment.payeePsp !== undefined) {
    const confirmationId = context.newMessageId();
    messages.push({
      recipient: payment.payeePsp,
      messageId: confirmationId,
      message: reqTxnConfirmationOf(payment, answer, stamp(confirmationId)),
    });
  }
  return messages;
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
        effects.arm.push({ leg: event.leg, messageId: event.messageId, attempt: event.attempt ?? 1 });
        break;
      case 'LegRetryScheduled': {
        /* c8 ignore next - unreachable: a retry is scheduled on a leg that was requested */
        if (after.status === 'NEW') throw new Error('retry for a NEW payment');
        const leg = after.payment.legs[event.leg]!;
        effects.arm.push({ leg: event.leg, messageId: leg.messageId, attempt: leg.attempt ?? 1 });
        break;
      }
      case 'PayeeResolved':
        effects.cancel.push('AUTH');
        break;
      case 'LegAnswered':
      case 'LegTimedOut':
        effects.cancel.push(event.leg);
        break;
      case 'PaymentCompleted':
        effects.messages.push(...finalAnswerMessages(after, context, stamp));
        break;
      case 'PaymentResolved':
        if (event.notified) effects.messages.push(...finalAnswerMessages(after, context, stamp));
        break;
      case 'PaymentInitiated':
      case 'LateResponseRecorded':
      case 'TxnConfirmationRecorded':
      case 'BankUnavailable':
      case 'StatusChecked':
        break;
    }
  }
  return effects;
};
