/**
 * RespPay from a bank (docs/upi.md §4 steps 3–4, §6.1):
 * - DEBIT: approved → CREDIT to the beneficiary bank (only now); declined → FAILED U30 + the bank's code.
 * - CREDIT: approved → SUCCESS; declined → debit reversal (ends U31, or U33 if the reversal fails).
 * - DEBIT_REVERSAL / CREDIT_REVERSAL: see finishDebitReversal / answerCreditReversal.
 * After the final answer (an uncertain payment being resolved), resolve.ts decides; a late answer is
 * recorded (U70) and resolves the payment when it proves the outcome.
 */
import {
  isApproved,
  type Payment,
  type PaymentState,
  type ResolutionPolicy,
  type ReversalReason,
} from './payment.ts';
import type { LegAnswered, LegRequested, PaymentEvent } from './paymentEvents.ts';
import type { AnswerLeg } from './paymentCommands.ts';
import { acceptResponse } from './acceptResponse.ts';
import { accepted, deemed, failed, rejected, succeeded, type PaymentDecision } from './paymentDecision.ts';
import {
  afterLateAnswer,
  afterResolutionAnswer,
  creditCheckRequest,
  nextReversalStep,
  withWindow,
} from './resolve.ts';
import { CREDIT_UNDONE_CODES, DEBIT_RELEASED_CODES, SwitchCodes } from './switchCodes.ts';

const requireParticipant = (payment: Payment, participant: string | undefined, role: string): string => {
  /* c8 ignore next - unreachable: routes are checked before the first leg is sent */
  if (participant === undefined) throw new Error(`payment ${payment.txnId} has no ${role}`);
  return participant;
};

export const debitReversalRequest = (
  payment: Payment,
  at: string,
  messageId: string,
  reason: ReversalReason,
  orgRespCode: string,
): LegRequested => ({
  type: 'LegRequested',
  at,
  leg: 'DEBIT_REVERSAL',
  messageId,
  participant: requireParticipant(payment, payment.remitterBank, 'remitter bank'),
  reason,
  orgRespCode,
});

/**
 * The final answer once the debit reversal is answered or timed out (`respCode` undefined: RR). Released →
 * FAILED; otherwise the uncertain answer (REVERSAL_UNKNOWN, STUCK) and the reversal's next attempt.
 */
export const finishDebitReversal = (
  payment: Payment,
  at: string,
  respCode: string | undefined,
  messageId: string,
  policy: ResolutionPolicy,
): PaymentEvent[] => {
  const answer = debitReversalAnswer(payment, at, respCode);
  if (answer.status === 'FAILED') return [answer];
  const cause = respCode === undefined ? 'timeout' : 'answer';
  return [withWindow(answer, policy), nextReversalStep(payment, at, messageId, policy, cause)];
};

const debitReversalAnswer = (payment: Payment, at: string, respCode: string | undefined) => {
  const released = respCode !== undefined && DEBIT_RELEASED_CODES.includes(respCode);
  const reversalCode = respCode ?? SwitchCodes.DEBIT_REVERSAL_TIMEOUT;
  switch (payment.reversalReason) {
    case 'DEBIT_TIMEOUT':
      if (released)
        return failed(at, SwitchCodes.DEBIT_TIMEOUT, { payerRespCode: SwitchCodes.DEBIT_TIMEOUT_LEG });
      if (respCode === undefined)
        return failed(at, SwitchCodes.DEBIT_TIMEOUT, { payerRespCode: reversalCode }, 'REVERSAL_UNKNOWN');
      return failed(at, SwitchCodes.DEBIT_REVERT_FAILED, { payerRespCode: reversalCode }, 'STUCK');
    case 'CREDIT_DECLINED':
      return released
        ? failed(at, SwitchCodes.CREDIT_FAILED)
        : failed(at, SwitchCodes.DEBIT_REVERT_FAILED, {}, 'STUCK');
    case 'CREDIT_REVERSED': {
      const codes = { payeeRespCode: SwitchCodes.CREDIT_TIMEOUT_LEG };
      return released
        ? failed(at, SwitchCodes.CREDIT_TIMEOUT, codes)
        : failed(at, SwitchCodes.DEBIT_REVERT_FAILED, codes, 'STUCK');
    }
    /* c8 ignore next 3 - unreachable: every debit reversal is requested with a reason; RETURN is resolution's */
    case 'RETURN':
    case undefined:
      throw new Error(`payment ${payment.txnId}: debit reversal without a flow reason`);
  }
};

/**
 * Credit reversal answered: CS → SUCCESS; 00/NC/OC → debit reversal; 96 (or anything else) → DEEMED, and
 * the beneficiary bank is asked whether the credit stands.
 */
const answerCreditReversal = (
  payment: Payment,
  at: string,
  respCode: string,
  messageId: string,
  policy: ResolutionPolicy,
): PaymentEvent[] => {
  if (respCode === SwitchCodes.CREDIT_SUCCESS) return [succeeded(at, { payeeRespCode: '00' })];
  if (CREDIT_UNDONE_CODES.includes(respCode)) {
    return [
      debitReversalRequest(payment, at, messageId, 'CREDIT_REVERSED', payment.legs.DEBIT?.respCode ?? '00'),
    ];
  }
  return [withWindow(deemed(at, respCode), policy), creditCheckRequest(payment, at, messageId)];
};

const nextAfter = (
  payment: Payment,
  answer: LegAnswered,
  messageId: string,
  policy: ResolutionPolicy,
): PaymentEvent[] => {
  const { at, respCode } = answer;
  const approved = isApproved(answer.result, respCode);
  switch (answer.leg) {
    case 'DEBIT':
      if (!approved) return [failed(at, SwitchCodes.DEBIT_FAILED, { payerRespCode: respCode })];
      return [
        {
          type: 'LegRequested',
          at,
          leg: 'CREDIT',
          messageId,
          participant: requireParticipant(payment, payment.beneficiaryBank, 'beneficiary bank'),
        },
      ];
    case 'CREDIT':
      return [
        approved
          ? succeeded(at)
          : debitReversalRequest(
              payment,
              at,
              messageId,
              'CREDIT_DECLINED',
              payment.legs.DEBIT?.respCode ?? '00',
            ),
      ];
    case 'DEBIT_REVERSAL':
      return finishDebitReversal(payment, at, respCode, messageId, policy);
    case 'CREDIT_REVERSAL':
      return answerCreditReversal(payment, at, respCode, messageId, policy);
    /* c8 ignore next 4 - unreachable: AnswerLeg carries bank legs only; resolution legs follow the answer */
    case 'AUTH':
    case 'CREDIT_CHECK':
    case 'AUTO_REVERSAL':
      throw new Error(`${answer.leg} answered before the final answer`);
  }
};

export const decideLegAnswer = (state: PaymentState, command: AnswerLeg, now: Date): PaymentDecision => {
  const check = acceptResponse(state, command, now);
  if (check.kind === 'rejected') return rejected(check.rejection);
  if (check.kind === 'late') {
    if (!('final' in state)) return accepted(check.event);
    return accepted(check.event, ...afterLateAnswer(state, check.event, command.nextMessageId));
  }
  const answer: LegAnswered = {
    type: 'LegAnswered',
    at: now.toISOString(),
    leg: command.leg,
    result: command.result,
    respCode: command.respCode,
  };
  if (command.approvalNum !== undefined && isApproved(command.result, command.respCode))
    answer.approvalNum = command.approvalNum;
  if ('final' in state)
    return accepted(answer, ...afterResolutionAnswer(state, answer, command.nextMessageId, command.policy));
  return accepted(answer, ...nextAfter(check.payment, answer, command.nextMessageId, command.policy));
};
