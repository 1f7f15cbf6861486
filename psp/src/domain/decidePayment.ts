import { AMOUNT_MINOR_MAX, isVpa, parseRupees } from '@switchyard/contracts';
import type { VpaRecord } from './types.ts';

export type PaymentCommand = {
  txnId: string;
  payerVpa: string;
  payeeVpa: string;
  amount: string;
  note?: string;
};

export type PaymentRejection =
  | 'amount_invalid' // not a rupee string with ≤2 decimals, zero, or above the network's bound
  | 'txn_prefix' // the client generated the id with another PSP's prefix
  | 'payee_vpa_invalid'
  | 'payer_vpa_unknown' // not a VPA of this user
  | 'same_vpa';

export type PaymentDecision =
  | { ok: true; amountMinor: number; payer: VpaRecord; payeeVpa: string; note: string }
  | { ok: false; reason: PaymentRejection };

/**
 * Checks a payment request before it is accepted. `payer` is the VPA record the payer address resolved to
 * (undefined when it does not exist); it must belong to `userId`. Business limits are not checked here: the
 * switch enforces the ₹1 lakh P2P cap (U02) and the remitter bank its own limits (Z8, ZU), so those
 * declines stay reachable.
 */
export const decidePayment = (
  command: PaymentCommand,
  context: { userId: string; txnPrefix: string; payer: VpaRecord | undefined },
): PaymentDecision => {
  const amountMinor = parseRupees(command.amount);
  if (amountMinor === undefined || amountMinor < 1 || amountMinor > AMOUNT_MINOR_MAX)
    return { ok: false, reason: 'amount_invalid' };
  if (!command.txnId.startsWith(context.txnPrefix)) return { ok: false, reason: 'txn_prefix' };
  if (!isVpa(command.payeeVpa)) return { ok: false, reason: 'payee_vpa_invalid' };
  const payer = context.payer;
  if (payer === undefined || payer.userId !== context.userId)
    return { ok: false, reason: 'payer_vpa_unknown' };
  if (payer.vpa.toLowerCase() === command.payeeVpa.toLowerCase()) return { ok: false, reason: 'same_vpa' };
  return { ok: true, amountMinor, payer, payeeVpa: command.payeeVpa, note: command.note ?? '' };
};
