import type { ReqTxnConfirmation } from '@switchyard/contracts';
import type { Payment } from './types.ts';
import { isFinalStatus } from './types.ts';

export type ConfirmationDecision = { kind: 'record' } | { kind: 'update' } | { kind: 'unchanged' };

/**
 * What a ReqTxnConfirmation does to the payee's record of an incoming payment: the first one records it,
 * a later one with a new status updates it (DEEMED → SUCCESS), a repeat or a change after a final status
 * leaves it alone. The PSP answers RespTxnConfirmation in every case.
 */
export const decideConfirmation = (
  existing: Pick<Payment, 'status'> | undefined,
  message: ReqTxnConfirmation,
): ConfirmationDecision => {
  if (existing === undefined) return { kind: 'record' };
  if (isFinalStatus(existing.status) || existing.status === message.status.status)
    return { kind: 'unchanged' };
  return { kind: 'update' };
};
