/**
 * switch.TimeoutElapsed (docs/upi.md §6.1, docs/guarantees.md §6). State-guarded: a timer for a leg that is
 * no longer outstanding (answered, or a different request) changes nothing, so completion and timeout race
 * safely.
 * - AUTH → FAILED U27, payee leg UP.
 * - DEBIT → debit reversal (ends U67/UT, RR REVERSAL_UNKNOWN, or U33).
 * - CREDIT → credit reversal to learn the credit's fate.
 * - DEBIT_REVERSAL → RR: REVERSAL_UNKNOWN after a debit timeout, else STUCK U33.
 * - CREDIT_REVERSAL → RB: DEEMED.
 */
import type { Payment, PaymentState } from './payment.ts';
import type { LegTimedOut, PaymentEvent } from './paymentEvents.ts';
import type { ElapseTimer } from './paymentCommands.ts';
import { debitReversalRequest, finishDebitReversal } from './decideLegAnswer.ts';
import { accepted, deemed, failed, rejected, type PaymentDecision } from './paymentDecision.ts';
import { SwitchCodes } from './switchCodes.ts';

const nextAfterTimeout = (payment: Payment, command: ElapseTimer, at: string): PaymentEvent => {
  switch (command.leg) {
    case 'AUTH':
      return failed(at, SwitchCodes.PSP_NO_RESPONSE, { payeeRespCode: SwitchCodes.PSP_TIMEOUT_LEG });
    case 'DEBIT':
      return debitReversalRequest(
        payment,
        at,
        command.nextMessageId,
        'DEBIT_TIMEOUT',
        SwitchCodes.DEBIT_TIMEOUT_LEG,
      );
    case 'CREDIT':
      return {
        type: 'LegRequested',
        at,
        leg: 'CREDIT_REVERSAL',
        messageId: command.nextMessageId,
        participant: payment.legs.CREDIT!.participant,
        orgRespCode: SwitchCodes.CREDIT_TIMEOUT_LEG,
      };
    case 'DEBIT_REVERSAL':
      return finishDebitReversal(payment, at, undefined);
    case 'CREDIT_REVERSAL':
      return deemed(at, SwitchCodes.CREDIT_REVERSAL_TIMEOUT);
  }
};

export const decideTimeout = (state: PaymentState, command: ElapseTimer, now: Date): PaymentDecision => {
  if (state.status === 'NEW') return rejected('unknown_payment');
  const leg = state.payment.legs[command.leg];
  if (leg === undefined || leg.outcome !== 'PENDING' || leg.messageId !== command.legMessageId)
    return rejected('timer_stale');
  const at = now.toISOString();
  const timedOut: LegTimedOut = { type: 'LegTimedOut', at, leg: command.leg };
  return accepted(timedOut, nextAfterTimeout(state.payment, command, at));
};
