/**
 * Resolution of uncertain outcomes (docs/upi.md §6.5), pure. A payment answered DEEMED, REVERSAL_UNKNOWN
 * or STUCK is not finished: the switch keeps working on it until the money's fate is known, within the
 * window (the T+1 stand-in) each uncertain answer carries in `resolveBy`.
 * - DEEMED: the switch asks the beneficiary bank whether the credit stands (CREDIT_CHECK). CS → TCC →
 *   SUCCESS; 00/NC/OC (reversed, never done) → RET: the debit is reversed → REVERSED.
 * - A debit reversal that settles nothing (timeout, 96) is re-sent with backoff (the timers double) up to
 *   `reversalAttemptsMax` requests; then the remitter bank is told to auto-reverse (AUTO_REVERSAL), re-sent
 *   until it answers. 00 → REVERSED; ND/OD (no debit to give back) → FAILED.
 * - A late answer that proves the outcome resolves at once (the credit reversal's late 00 → RET, …).
 */
import {
  isApproved,
  isUncertain,
  type Leg,
  type Payment,
  type PaymentState,
  type ResolutionPolicy,
} from './payment.ts';
import type {
  LateResponseRecorded,
  LegAnswered,
  LegRequested,
  PaymentCompleted,
  PaymentEvent,
  PaymentResolved,
  ResolvedBy,
} from './paymentEvents.ts';
import { CREDIT_UNDONE_CODES, DEBIT_RELEASED_CODES, SwitchCodes } from './switchCodes.ts';

/** A payment that has had its final answer. */
export type Answered = Extract<PaymentState, { final: unknown }>;

/** An uncertain completion carries the end of its window. */
export const withWindow = (event: PaymentCompleted, policy: ResolutionPolicy): PaymentCompleted => ({
  ...event,
  resolveBy: new Date(Date.parse(event.at) + policy.windowMs).toISOString(),
});

const attemptOf = (leg: Leg | undefined): number => leg?.attempt ?? 1;

const participant = (payment: Payment, value: string | undefined, role: string): string => {
  /* c8 ignore next - unreachable: resolution starts only after the debit, so both banks are known */
  if (value === undefined) throw new Error(`payment ${payment.txnId} has no ${role}`);
  return value;
};

/** The reversal's orgRespCode: UT after a debit timeout, else the debit's own code. */
const reversalOrgRespCode = (payment: Payment): string =>
  payment.reversalReason === 'DEBIT_TIMEOUT'
    ? SwitchCodes.DEBIT_TIMEOUT_LEG
    : (payment.legs.DEBIT?.respCode ?? SwitchCodes.APPROVED);

export const creditCheckRequest = (
  payment: Payment,
  at: string,
  messageId: string,
  attempt = 1,
): LegRequested => ({
  type: 'LegRequested',
  at,
  leg: 'CREDIT_CHECK',
  messageId,
  participant: participant(payment, payment.beneficiaryBank, 'beneficiary bank'),
  ...(attempt > 1 ? { attempt } : {}),
});

const autoReversalRequest = (
  payment: Payment,
  at: string,
  messageId: string,
  attempt: number,
): LegRequested => ({
  type: 'LegRequested',
  at,
  leg: 'AUTO_REVERSAL',
  messageId,
  participant: participant(payment, payment.remitterBank, 'remitter bank'),
  ...(attempt > 1 ? { attempt } : {}),
});

const debitReversalRetry = (
  payment: Payment,
  at: string,
  messageId: string,
  attempt: number,
): LegRequested => ({
  type: 'LegRequested',
  at,
  leg: 'DEBIT_REVERSAL',
  messageId,
  participant: participant(payment, payment.remitterBank, 'remitter bank'),
  orgRespCode: reversalOrgRespCode(payment),
  attempt,
});

/** RET: the credit proved undone, so the debit is reversed (the money goes back to the payer). */
const returnRequest = (payment: Payment, at: string, messageId: string): LegRequested => ({
  type: 'LegRequested',
  at,
  leg: 'DEBIT_REVERSAL',
  messageId,
  participant: participant(payment, payment.remitterBank, 'remitter bank'),
  reason: 'RETURN',
  orgRespCode: payment.legs.DEBIT?.respCode ?? SwitchCodes.APPROVED,
});

/**
 * After a debit reversal that settled nothing: the next attempt (at once after a timeout, at the leg's
 * timer after a non-decisive answer), or the auto-reversal once the attempts are spent.
 */
export const nextReversalStep = (
  payment: Payment,
  at: string,
  messageId: string,
  policy: ResolutionPolicy,
  cause: 'timeout' | 'answer',
): PaymentEvent => {
  const attempt = attemptOf(payment.legs.DEBIT_REVERSAL);
  if (attempt >= policy.reversalAttemptsMax) return autoReversalRequest(payment, at, messageId, 1);
  if (cause === 'answer') return { type: 'LegRetryScheduled', at, leg: 'DEBIT_REVERSAL' };
  return debitReversalRetry(payment, at, messageId, attempt + 1);
};

const resolved = (
  state: Answered,
  at: string,
  by: ResolvedBy,
  outcome: Pick<
    PaymentResolved,
    'status' | 'result' | 'finalStatus' | 'errCode' | 'payerRespCode' | 'payeeRespCode'
  >,
): PaymentResolved => {
  const event: PaymentResolved = {
    type: 'PaymentResolved',
    at,
    status: outcome.status,
    by,
    result: outcome.result,
    finalStatus: outcome.finalStatus,
    notified: state.final.finalStatus !== outcome.finalStatus || state.final.errCode !== outcome.errCode,
  };
  if (outcome.errCode !== undefined) event.errCode = outcome.errCode;
  if (outcome.payerRespCode !== undefined) event.payerRespCode = outcome.payerRespCode;
  if (outcome.payeeRespCode !== undefined) event.payeeRespCode = outcome.payeeRespCode;
  return event;
};

/** TCC: the credit stands, the payment succeeded. */
const creditConfirmed = (state: Answered, at: string, by: ResolvedBy): PaymentResolved =>
  resolved(state, at, by, {
    status: 'SUCCESS',
    result: 'SUCCESS',
    finalStatus: 'SUCCESS',
    payeeRespCode: SwitchCodes.APPROVED,
  });

/**
 * The debit's fate is known: `respCode` 00 → REVERSED (the money went back), ND/OD → FAILED (never debited).
 * The codes are the ones an in-time answer would have given (U67 + UT, U31, U68 + BT); a DEEMED payment
 * returned (RET) ends U34 (reverted), its payee leg BT.
 */
const debitSettled = (state: Answered, at: string, by: ResolvedBy, respCode: string): PaymentResolved => {
  const status = respCode === SwitchCodes.APPROVED ? 'REVERSED' : 'FAILED';
  const base = { status, result: 'FAILURE', finalStatus: 'FAILURE' } as const;
  switch (state.payment.reversalReason) {
    case 'DEBIT_TIMEOUT':
      return resolved(state, at, by, {
        ...base,
        errCode: SwitchCodes.DEBIT_TIMEOUT,
        payerRespCode: SwitchCodes.DEBIT_TIMEOUT_LEG,
      });
    case 'CREDIT_DECLINED':
      return resolved(state, at, by, { ...base, errCode: SwitchCodes.CREDIT_FAILED });
    case 'CREDIT_REVERSED':
      return resolved(state, at, by, {
        ...base,
        errCode: SwitchCodes.CREDIT_TIMEOUT,
        payeeRespCode: SwitchCodes.CREDIT_TIMEOUT_LEG,
      });
    case 'RETURN':
    case undefined:
      return resolved(state, at, by, {
        ...base,
        errCode: SwitchCodes.REVERTED,
        payeeRespCode: SwitchCodes.CREDIT_TIMEOUT_LEG,
      });
  }
};

/** DEEMED and no RET decided yet: the credit's fate is the open question. */
const awaitsCredit = (state: Answered): boolean =>
  state.status === 'DEEMED' && state.payment.legs.DEBIT_REVERSAL === undefined;
/** Uncertain and the debit's fate is the open question (RR, U33, or a DEEMED payment being returned). */
const awaitsDebit = (state: Answered): boolean => isUncertain(state.status) && !awaitsCredit(state);

/** What follows an in-time answer to a leg of an already answered payment. */
export const afterResolutionAnswer = (
  state: Answered,
  answer: LegAnswered,
  messageId: string,
  policy: ResolutionPolicy,
): PaymentEvent[] => {
  const { at, respCode } = answer;
  switch (answer.leg) {
    case 'CREDIT_CHECK':
      if (!awaitsCredit(state)) return [];
      if (respCode === SwitchCodes.CREDIT_SUCCESS) return [creditConfirmed(state, at, 'TCC')];
      if (CREDIT_UNDONE_CODES.includes(respCode)) return [returnRequest(state.payment, at, messageId)];
      return [{ type: 'LegRetryScheduled', at, leg: 'CREDIT_CHECK' }];
    case 'DEBIT_REVERSAL':
    case 'AUTO_REVERSAL':
      if (!awaitsDebit(state)) return [];
      if (DEBIT_RELEASED_CODES.includes(respCode))
        return [
          debitSettled(
            state,
            at,
            answer.leg === 'AUTO_REVERSAL' ? 'AUTO_REVERSAL' : 'DEBIT_REVERSAL',
            respCode,
          ),
        ];
      if (answer.leg === 'DEBIT_REVERSAL')
        return [nextReversalStep(state.payment, at, messageId, policy, 'answer')];
      return [{ type: 'LegRetryScheduled', at, leg: 'AUTO_REVERSAL' }];
    case 'AUTH':
    case 'DEBIT':
    case 'CREDIT':
    case 'CREDIT_REVERSAL':
      return []; // answered in time only before the final answer
  }
};

/** A late answer (U70) to a leg of an uncertain payment: acted upon when it proves the outcome. */
export const afterLateAnswer = (
  state: Answered,
  late: LateResponseRecorded,
  messageId: string,
): PaymentEvent[] => {
  if (!isUncertain(state.status)) return [];
  const { at, respCode } = late;
  const approved = isApproved(late.result, respCode);
  switch (late.leg) {
    case 'CREDIT_REVERSAL':
      if (!awaitsCredit(state)) return [];
      if (respCode === SwitchCodes.CREDIT_SUCCESS) return [creditConfirmed(state, at, 'LATE_ANSWER')];
      return CREDIT_UNDONE_CODES.includes(respCode) ? [returnRequest(state.payment, at, messageId)] : [];
    case 'CREDIT':
      if (!awaitsCredit(state)) return [];
      // A declined credit never happens (the bank refuses it for good); an approved one proves the credit
      // only once its reversal has been answered (96: it failed) — a reversal still queued may undo it.
      if (!approved) return [returnRequest(state.payment, at, messageId)];
      return state.payment.legs.CREDIT_REVERSAL?.outcome === 'ANSWERED'
        ? [creditConfirmed(state, at, 'LATE_ANSWER')]
        : [];
    case 'DEBIT':
      return awaitsDebit(state) && !approved && state.payment.reversalReason === 'DEBIT_TIMEOUT'
        ? [debitSettled(state, at, 'LATE_ANSWER', SwitchCodes.DEBIT_NOT_DONE)]
        : [];
    case 'DEBIT_REVERSAL':
      return awaitsDebit(state) && DEBIT_RELEASED_CODES.includes(respCode)
        ? [debitSettled(state, at, 'LATE_ANSWER', respCode)]
        : [];
    case 'AUTH':
    case 'CREDIT_CHECK':
    case 'AUTO_REVERSAL':
      return []; // nothing they say late proves more than their re-sent attempts will
  }
};

/**
 * A timer of an already answered payment fired: a timed-out resolution leg is re-sent (the handler
 * doubles its timer each attempt), a scheduled retry goes out; once the payment has ended, nothing.
 */
export const afterResolutionTimer = (
  state: Answered,
  leg: 'CREDIT_CHECK' | 'DEBIT_REVERSAL' | 'AUTO_REVERSAL',
  at: string,
  messageId: string,
  policy: ResolutionPolicy,
): PaymentEvent[] => {
  const { payment } = state;
  const attempt = attemptOf(payment.legs[leg]);
  switch (leg) {
    case 'CREDIT_CHECK':
      return awaitsCredit(state) ? [creditCheckRequest(payment, at, messageId, attempt + 1)] : [];
    case 'DEBIT_REVERSAL':
      return awaitsDebit(state) ? [nextReversalStep(payment, at, messageId, policy, 'timeout')] : [];
    case 'AUTO_REVERSAL':
      return awaitsDebit(state) ? [autoReversalRequest(payment, at, messageId, attempt + 1)] : [];
  }
};
