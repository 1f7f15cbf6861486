/**
 * switch.TimeoutElapsed (docs/upi.md §6.1, docs/guarantees.md §6). State-guarded: a timer for a leg that is
 * no longer outstanding (answered, or a different request) changes nothing, so completion and timeout race
 * safely.
 * - AUTH → FAILED U27, payee leg UP.
 * - DEBIT → debit reversal (ends U67/UT, or RR REVERSAL_UNKNOWN / U33 STUCK, then resolved).
 * - CREDIT → credit reversal to learn the credit's fate.
 * - DEBIT_REVERSAL → RR: REVERSAL_UNKNOWN after a debit timeout, else STUCK U33; the reversal is re-sent.
 * - CREDIT_REVERSAL → RB: DEEMED, and the beneficiary bank is asked whether the credit stands.
 * After the final answer, resolve.ts re-sends timed-out resolution legs and fires scheduled retries.
 */
import type { Payment, PaymentState, ResolutionPolicy } from './payment.ts';
import type { LegTimedOut, PaymentEvent } from './paymentEvents.ts';
import type { ElapseTimer } from './paymentCommands.ts';
import { debitReversalRequest, finishDebitReversal } from './decideLegAnswer.ts';
import { accepted, deemed, failed, rejected, type PaymentDecision } from './paymentDecision.ts';
import { afterResolutionTimer, creditCheckRequest, withWindow } from './resolve.ts';
import { SwitchCodes } from './switchCodes.ts';

const nextAfterTimeout = (
  payment: Payment,
  command: ElapseTimer,
  at: string,
  policy: ResolutionPolicy,
): PaymentEvent[] => {
  switch (command.leg) {
    case 'AUTH':
      return [failed(at, SwitchCodes.PSP_NO_RESPONSE, { payeeRespCode: SwitchCodes.PSP_TIMEOUT_LEG })];
    case 'DEBIT':
      return [
        debitReversalRequest(
          payment,
          at,
          command.nextMessageId,
          'DEBIT_TIMEOUT',
          SwitchCodes.DEBIT_TIMEOUT_LEG,
        ),
      ];
    case 'CREDIT':
      return [
        {
          type: 'LegRequested',
          at,
          leg: 'CREDIT_REVERSAL',
          messageId: command.nextMessageId,
          participant: payment.legs.CREDIT!.participant,
          orgRespCode: SwitchCodes.CREDIT_TIMEOUT_LEG,
        },
      ];
    case 'DEBIT_REVERSAL':
      return finishDebitReversal(payment, at, undefined, command.nextMessageId, policy);
    case 'CREDIT_REVERSAL':
      return [
        withWindow(deemed(at, SwitchCodes.CREDIT_REVERSAL_TIMEOUT), policy),
        creditCheckRequest(payment, at, command.nextMessageId),
      ];
    /* c8 ignore next 3 - unreachable: resolution legs are requested only after the final answer */
    case 'CREDIT_CHECK':
    case 'AUTO_REVERSAL':
      throw new Error(`${command.leg} timed out before the final answer`);
  }
};

const RESOLUTION_TIMER_LEGS = ['CREDIT_CHECK', 'DEBIT_REVERSAL', 'AUTO_REVERSAL'] as const;
type ResolutionTimerLeg = (typeof RESOLUTION_TIMER_LEGS)[number];
const isResolutionTimerLeg = (leg: string): leg is ResolutionTimerLeg =>
  (RESOLUTION_TIMER_LEGS as readonly string[]).includes(leg);

export const decideTimeout = (state: PaymentState, command: ElapseTimer, now: Date): PaymentDecision => {
  if (state.status === 'NEW') return rejected('unknown_payment');
  const leg = state.payment.legs[command.leg];
  if (leg === undefined || leg.messageId !== command.legMessageId) return rejected('timer_stale');
  const at = now.toISOString();
  const { policy, nextMessageId } = command;
  const resolving = 'final' in state && isResolutionTimerLeg(command.leg);
  if (leg.outcome === 'ANSWERED' && leg.retryScheduled === true && resolving) {
    // A retry scheduled after a non-decisive answer is due.
    const next = afterResolutionTimer(state, command.leg as ResolutionTimerLeg, at, nextMessageId, policy);
    return next.length > 0 ? accepted(...next) : rejected('timer_stale');
  }
  if (leg.outcome !== 'PENDING') return rejected('timer_stale');
  const timedOut: LegTimedOut = { type: 'LegTimedOut', at, leg: command.leg };
  if ('final' in state) {
    if (!resolving) return accepted(timedOut);
    return accepted(
      timedOut,
      ...afterResolutionTimer(state, command.leg as ResolutionTimerLeg, at, nextMessageId, policy),
    );
  }
  return accepted(timedOut, ...nextAfterTimeout(state.payment, command, at, policy));
};
