/**
 * evolve(state, event) → state: the only way a payment's state changes. Folding a payment's events from
 * `{ status: 'NEW' }` rebuilds exactly the `payments.data` snapshot (rebuildAll checks it).
 */
import {
  NO_MONEY,
  isApproved,
  pendingStatusOf,
  type FinalOutcome,
  type Leg,
  type LegKind,
  type Money,
  type Payment,
  type PaymentState,
  type FlowLegKind,
} from './payment.ts';
import type { PaymentEvent } from './paymentEvents.ts';

/** What a leg's answer proves about money: reversals answered 00 prove the original leg happened too. */
const moneyAfter = (
  money: Money,
  amountMinor: number,
  leg: LegKind,
  result: 'SUCCESS' | 'FAILURE',
  respCode: string,
): Money => {
  switch (leg) {
    case 'AUTH':
      return money;
    case 'DEBIT':
      return isApproved(result, respCode) ? { ...money, debitedMinor: amountMinor } : money;
    case 'CREDIT':
      return isApproved(result, respCode) ? { ...money, creditedMinor: amountMinor } : money;
    case 'DEBIT_REVERSAL':
    case 'AUTO_REVERSAL':
      return respCode === '00'
        ? { ...money, debitedMinor: amountMinor, debitReversedMinor: amountMinor }
        : money;
    case 'CREDIT_REVERSAL':
    case 'CREDIT_CHECK': // answered with the credit reversal's codes: 00 reversed, CS stands, NC/OC none
      if (respCode === '00')
        return { ...money, creditedMinor: amountMinor, creditReversedMinor: amountMinor };
      return respCode === 'CS' ? { ...money, creditedMinor: amountMinor } : money;
  }
};

const withLeg = (payment: Payment, kind: LegKind, change: (leg: Leg) => Leg): Payment => {
  const leg = payment.legs[kind];
  if (leg === undefined) throw new Error(`payment ${payment.txnId}: no ${kind} leg to update`);
  return { ...payment, legs: { ...payment.legs, [kind]: change(leg) } };
};

const evolvePayment = (
  state: Exclude<PaymentState, { status: 'NEW' }>,
  event: PaymentEvent,
): PaymentState => {
  const payment = state.payment;
  switch (event.type) {
    case 'PaymentInitiated':
      throw new Error(`payment ${payment.txnId} initiated twice`);
    case 'LegRequested': {
      const leg: Leg = {
        messageId: event.messageId,
        participant: event.participant,
        requestedAt: event.at,
        outcome: 'PENDING',
      };
      const earlier = payment.legs[event.leg];
      if (event.attempt !== undefined && earlier !== undefined) {
        leg.attempt = event.attempt;
        leg.earlierMessageIds = [...(earlier.earlierMessageIds ?? []), earlier.messageId];
      }
      const next: Payment = { ...payment, legs: { ...payment.legs, [event.leg]: leg } };
      if (event.rrn !== undefined) next.rrn = event.rrn;
      if (event.reason !== undefined) next.reversalReason = event.reason;
      // After the final answer (resolution legs, retried reversals) the status stays what the PSPs were told.
      if ('final' in state) return { ...state, payment: next };
      return { status: pendingStatusOf(event.leg as FlowLegKind), payment: next };
    }
    case 'PayeeResolved': {
      const resolved = withLeg(payment, 'AUTH', (leg) => ({
        ...leg,
        outcome: 'ANSWERED',
        result: 'SUCCESS',
        respCode: '00',
        answeredAt: event.at,
      }));
      const next: Payment = { ...resolved, payee: event.payee };
      if (event.beneficiaryBank !== undefined) next.beneficiaryBank = event.beneficiaryBank;
      return { status: 'ADDR_RESOLVED', payment: next };
    }
    case 'LegAnswered': {
      const answered = withLeg(payment, event.leg, (leg) => {
        const { retryScheduled: _retry, ...rest } = leg;
        const next: Leg = {
          ...rest,
          outcome: 'ANSWERED',
          result: event.result,
          respCode: event.respCode,
          answeredAt: event.at,
        };
        if (event.approvalNum !== undefined) next.approvalNum = event.approvalNum;
        return next;
      });
      answered.money = moneyAfter(
        payment.money,
        payment.amountMinor,
        event.leg,
        event.result,
        event.respCode,
      );
      if (event.leg === 'DEBIT' && isApproved(event.result, event.respCode) && !('final' in state))
        return { status: 'DEBITED', payment: answered };
      return { ...state, payment: answered };
    }
    case 'LegTimedOut':
      return {
        ...state,
        payment: withLeg(payment, event.leg, (leg) => ({
          ...leg,
          outcome: 'TIMED_OUT',
          timedOutAt: event.at,
        })),
      };
    case 'LateResponseRecorded': {
      const late = withLeg(payment, event.leg, (leg) => ({
        ...leg,
        late: { result: event.result, respCode: event.respCode, at: event.at },
      }));
      late.money = moneyAfter(payment.money, payment.amountMinor, event.leg, event.result, event.respCode);
      return { ...state, payment: late };
    }
    case 'PaymentCompleted':
    case 'PaymentResolved': {
      const final: FinalOutcome = { result: event.result, finalStatus: event.finalStatus, at: event.at };
      if (event.errCode !== undefined) final.errCode = event.errCode;
      if (event.payerRespCode !== undefined) final.payerRespCode = event.payerRespCode;
      if (event.payeeRespCode !== undefined) final.payeeRespCode = event.payeeRespCode;
      if (event.type === 'PaymentCompleted' && event.resolveBy !== undefined)
        return { status: event.status, payment: { ...payment, resolveBy: event.resolveBy }, final };
      return { status: event.status, payment, final };
    }
    case 'TxnConfirmationRecorded':
      return { ...state, payment: { ...payment, confirmation: { result: event.result, at: event.at } } };
    case 'LegRetryScheduled':
      return { ...state, payment: withLeg(payment, event.leg, (leg) => ({ ...leg, retryScheduled: true })) };
    case 'BankUnavailable':
      return state;
    case 'StatusChecked':
      return {
        ...state,
        payment: { ...payment, statusChecks: { ...payment.statusChecks, [event.asker]: event.count } },
      };
  }
};

/**
 * Applies one event.
 * @throws Error on an event that cannot follow the state (a programmer error: decide never emits one).
 */
export const evolve = (state: PaymentState, event: PaymentEvent): PaymentState => {
  if (state.status !== 'NEW') return evolvePayment(state, event);
  if (event.type !== 'PaymentInitiated') throw new Error(`${event.type} before PaymentInitiated`);
  const payment: Payment = {
    txnId: event.txnId,
    payerPsp: event.payerPsp,
    payerMessageId: event.payerMessageId,
    payer: event.payer,
    payee: event.payee,
    amountMinor: event.amountMinor,
    note: event.note,
    receivedAt: event.at,
    legs: {},
    money: NO_MONEY,
  };
  if (event.payeePsp !== undefined) payment.payeePsp = event.payeePsp;
  if (event.remitterBank !== undefined) payment.remitterBank = event.remitterBank;
  return { status: 'INITIATED', payment };
};

/** Folds events from NEW. */
export const foldEvents = (events: readonly PaymentEvent[]): PaymentState =>
  events.reduce<PaymentState>(evolve, { status: 'NEW' });
