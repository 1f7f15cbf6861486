/**
 * ReqChkTxn under NPCI's rules (docs/upi.md §6.3): a PSP may check one of its own payments
 * no earlier than `delayMinMs` after the switch received it, at most `checksMax` times. An unknown txn (or
 * someone else's) is answered U48 (final failure for the asker). A check against the rules is refused
 * with the asker's throttle code — U80 for the payer's PSP, U94 for the payee's — and status PENDING: it
 * says nothing about the payment. An answered check is a StatusChecked event (it shows in the journey).
 */
import type { PaymentState } from './payment.ts';
import type { StatusChecked } from './paymentEvents.ts';
import { chkTxnAnswerOf, type ChkTxnAnswer } from './chkTxnAnswerOf.ts';
import { SwitchCodes } from './switchCodes.ts';

export type StatusCheckRules = { delayMinMs: number; checksMax: number };

export type StatusCheckDecision =
  | { kind: 'answered'; answer: ChkTxnAnswer; event?: StatusChecked }
  | { kind: 'refused'; reason: 'too_early' | 'checks_exhausted'; answer: ChkTxnAnswer };

export const decideStatusCheck = (
  state: PaymentState,
  asker: string,
  now: Date,
  rules: StatusCheckRules,
): StatusCheckDecision => {
  const answer = chkTxnAnswerOf(state, asker);
  if (state.status === 'NEW' || answer.errCode === SwitchCodes.TXN_NOT_PRESENT)
    return { kind: 'answered', answer };
  const { payment } = state;
  const refusal = (reason: 'too_early' | 'checks_exhausted'): StatusCheckDecision => ({
    kind: 'refused',
    reason,
    answer: {
      result: 'FAILURE',
      status: 'PENDING',
      errCode: asker === payment.payerPsp ? SwitchCodes.PAYER_PSP_THROTTLED : SwitchCodes.PAYEE_PSP_THROTTLED,
      refs: [],
    },
  });
  if (now.getTime() - Date.parse(payment.receivedAt) < rules.delayMinMs) return refusal('too_early');
  const count = (payment.statusChecks?.[asker] ?? 0) + 1;
  if (count > rules.checksMax) return refusal('checks_exhausted');
  const event: StatusChecked = {
    type: 'StatusChecked',
    at: now.toISOString(),
    asker,
    status: answer.status,
    count,
  };
  return { kind: 'answered', answer, event };
};
