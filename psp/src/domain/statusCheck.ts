/**
 * Status checks from this PSP (docs/upi.md §6.3), pure: when a payment may be checked, and
 * what the switch's RespChkTxn does to it.
 * - Schedule: only a payment not final yet (PENDING, DEEMED); the n-th check no earlier than
 *   n × delayMinMs after the payment started; at most checksMax. The switch enforces the same rules
 *   (refusing with U80/U94); keeping them here means a refusal is the exception, not the rule.
 * - Answer: SUCCESS/FAILURE/DEEMED is applied like a final RespPay (PENDING and DEEMED may still move,
 *   SUCCESS and FAILURE never); U48 (txn not present) is a final FAILURE (docs/upi.md §6.3); PENDING, and a
 *   refused check (U80/U94), change nothing.
 */
import { Codes, type RespChkTxn } from '@switchyard/contracts';
import { isFinalStatus, type Payment, type PaymentStatus } from './types.ts';

export type StatusCheckRules = { delayMinMs: number; checksMax: number };

export type CheckRefusal = 'final' | 'too_early' | 'checks_exhausted';

export type CheckDecision = { ok: true } | { ok: false; reason: CheckRefusal; nextCheckAt: Date | undefined };

/** When the next check may go; undefined when none may (final, or every check spent). */
export const nextCheckAt = (
  payment: Pick<Payment, 'status' | 'createdAt' | 'statusChecks'>,
  rules: StatusCheckRules,
): Date | undefined => {
  if (isFinalStatus(payment.status) || payment.statusChecks >= rules.checksMax) return undefined;
  return new Date(payment.createdAt.getTime() + (payment.statusChecks + 1) * rules.delayMinMs);
};

export const decideStatusCheck = (
  payment: Pick<Payment, 'status' | 'createdAt' | 'statusChecks'>,
  now: Date,
  rules: StatusCheckRules,
): CheckDecision => {
  if (isFinalStatus(payment.status)) return { ok: false, reason: 'final', nextCheckAt: undefined };
  const next = nextCheckAt(payment, rules);
  if (next === undefined) return { ok: false, reason: 'checks_exhausted', nextCheckAt: undefined };
  if (now.getTime() < next.getTime()) return { ok: false, reason: 'too_early', nextCheckAt: next };
  return { ok: true };
};

const THROTTLED = new Set<string>([Codes.PAYER_PSP_THROTTLED, Codes.PAYEE_PSP_THROTTLED]);

export type CheckAnswerDecision =
  | { kind: 'apply'; status: Exclude<PaymentStatus, 'PENDING'>; errCode: string | undefined }
  | { kind: 'none'; reason: 'refused' | 'pending' | 'already_final' | 'no_change' };

export const decideCheckAnswer = (
  payment: Pick<Payment, 'status'>,
  resp: RespChkTxn['resp'],
): CheckAnswerDecision => {
  if (resp.errCode !== undefined && THROTTLED.has(resp.errCode)) return { kind: 'none', reason: 'refused' };
  if (isFinalStatus(payment.status)) return { kind: 'none', reason: 'already_final' };
  if (resp.errCode === Codes.TXN_NOT_PRESENT)
    return { kind: 'apply', status: 'FAILURE', errCode: resp.errCode };
  if (resp.status === 'PENDING') return { kind: 'none', reason: 'pending' };
  if (resp.status === payment.status) return { kind: 'none', reason: 'no_change' };
  return { kind: 'apply', status: resp.status, errCode: resp.errCode };
};
