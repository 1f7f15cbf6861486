/**
 * RespPay from a bank (docs/upi.md §4 steps 3–4, §6.1):
 * - DEBIT: approved → CREDIT to the beneficiary bank (only now); declined → FAILED U30 + the bank's code.
 * - CREDIT: approved → SUCCESS; declined → debit reversal (ends U31, or U33 if the reversal fails).
 * - DEBIT_REVERSAL / CREDIT_REVERSAL: see finishDebitReversal / answerCreditReversal.
 */
import { isApproved, type Payment, type PaymentState, type ReversalReason } from './payment.ts';
import type { LegAnswered, LegRequested, PaymentEvent } from './paymentEvents.ts';
import type { AnswerLeg } from './paymentCommands.ts';
import { acceptResponse } from './acceptResponse.ts';
import { accepted, deemed, failed, rejected, succeeded, type PaymentDecision } from './paymentDecision.ts';
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

/** The final answer once the debit reversal is settled (`respCode` undefined: it timed out, RR). */
export const finishDebitReversal = (
  payment: Payment,
  at: string,
  respCode: string | undefined,
): PaymentEvent => {
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
    /* c8 ignore next 2 - unreachable: every debit reversal is requested with a reason */
    case undefined:
      throw new Error(`payment ${payment.txnId}: debit reversal without a reason`);
  }
};

/** Credit reversal answered: CS → SUCCESS; 00/NC/OC → debit reversal; 96 (or anything else) → DEEMED. */
const answerCreditReversal = (
  payment: Payment,
  at: string,
  respCode: string,
  messageId: string,
): PaymentEvent => {
  if (respCode === SwitchCodes.CREDIT_SUCCESS) return succeeded(at, { payeeRespCode: '00' });
  if (CREDIT_UNDONE_CODES.includes(respCode)) {
    return debitReversalRequest(
      payment,
      at,
      messageId,
      'CREDIT_REVERSED',
      payment.legs.DEBIT?.respCode ?? '00',
    );
  }
  return deemed(at, respCode);
};

const nextAfter = (payment: Payment, answer: LegAnswered, messageId: string): PaymentEvent => {
  const { at, respCode } = answer;
  const approved = isApproved(answer.result, respCode);
  switch (answer.leg) {
    case 'DEBIT':
      if (!approved) return failed(at, SwitchCodes.DEBIT_FAILED, { payerRespCode: respCode });
      return {
        type: 'LegRequested',
        at,
        leg: 'CREDIT',
        messageId,
        participant: requireParticipant(payment, payment.beneficiaryBank, 'beneficiary bank'),
      };
    case 'CREDIT':
      return approved
        ? succeeded(at)
        : debitReversalRequest(
            payment,
            at,
            messageId,
            'CREDIT_DECLINED',
            payment.legs.DEBIT?.respCode ?? '00',
          );
    case 'DEBIT_REVERSAL':
      return finishDebitReversal(payment, at, respCode);
    case 'CREDIT_REVERSAL':
      return answerCreditReversal(payment, at, respCode, messageId);
    /* c8 ignore next 2 - unreachable: AnswerLeg carries bank legs only */
    case 'AUTH':
      throw new Error('AUTH is answered by AnswerAuthDetails');
  }
};

export const decideLegAnswer = (state: PaymentState, command: AnswerLeg, now: Date): PaymentDecision => {
  const check = acceptResponse(state, command, now);
  if (check.kind === 'rejected') return rejected(check.rejection);
  if (check.kind === 'late') return accepted(check.event);
  const answer: LegAnswered = {
    type: 'LegAnswered',
    at: now.toISOString(),
    leg: command.leg,
    result: command.result,
    respCode: command.respCode,
  };
  if (command.approvalNum !== undefined && isApproved(command.result, command.respCode))
    answer.approvalNum = command.approvalNum;
  return accepted(answer, nextAfter(check.payment, answer, command.nextMessageId));
};
