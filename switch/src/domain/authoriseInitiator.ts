/**
 * Who may start what. The envelope already proves the sender; this proves the sender may speak for the
 * request: a ReqPay PAY must come from the PSP owning the payer's handle, and every txn id a PSP
 * originates starts with that PSP's NPCI-issued prefix (docs/upi.md §8).
 */
export type PspRoute = { id: string; txnPrefix: string };

type InitiatorRefusal =
  'sender_not_a_psp' | 'payer_handle_not_owned' | 'txn_prefix_mismatch' | 'org_id_mismatch';

export type InitiatorCheck = { ok: true } | { ok: false; reason: InitiatorRefusal };

/**
 * @param senderPsp the network's PSP entry for the envelope sender (undefined: not a PSP)
 * @param handleOwner the PSP owning the payer's handle, when the request names a payer
 */
export const authoriseInitiator = (input: {
  sender: string;
  orgId: string;
  txnId: string;
  senderPsp: PspRoute | undefined;
  handleOwner?: PspRoute | undefined;
  requireHandle: boolean;
}): InitiatorCheck => {
  if (input.senderPsp === undefined) return { ok: false, reason: 'sender_not_a_psp' };
  if (input.orgId !== input.sender) return { ok: false, reason: 'org_id_mismatch' };
  if (input.requireHandle && input.handleOwner?.id !== input.sender)
    return { ok: false, reason: 'payer_handle_not_owned' };
  if (input.txnId.slice(0, 3) !== input.senderPsp.txnPrefix)
    return { ok: false, reason: 'txn_prefix_mismatch' };
  return { ok: true };
};
