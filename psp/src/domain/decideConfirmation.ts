import type { ReqTxnConfirmation } from '@switchyard/contracts';
import { mayStillChange, type PaymentOutcome } from './types.ts';

export type ConfirmationDecision = { kind: 'record' } | { kind: 'update' } | { kind: 'unchanged' };

/**
 * What a ReqTxnConfirmation does to the payee's record of an incoming payment: the first one records it,
 * a later one with a new status or code updates it (DEEMED → SUCCESS, U33 → U31), a repeat or a change after
 * a final status leaves it alone. The PSP answers RespTxnConfirmation in every case.
 */
export const decideConfirmation = (
  existing: PaymentOutcome | undefined,
  message: ReqTxnConfirmation,
): ConfirmationDecision => {
  if (existing === undefined) return { kind: 'record' };
  const same = existing.status === message.status.status && existing.errCode === message.status.errCode;
  if (!mayStillChange(existing) || same) return { kind: 'unchanged' };
  return { kind: 'update' };
};
