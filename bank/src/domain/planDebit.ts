/**
 * Step 1 of a DEBIT (plan → verify PIN → decide), pure: the checks that come before the PIN comparison, in
 * order: account exists (XH) → frozen (YE) / dormant (ZX) → PIN set (AM) → not locked (Z6) → creds readable
 * and bound to THIS txn id and amount (XB; a PIN block replayed on another payment is refused without
 * counting a PIN try). Otherwise the plan names the PIN to compare and the verifier to compare it with; the
 * handler does that (hsm/pinHasher.ts, under the row lock), then calls decideDebit with the result.
 */
import { Codes } from '@switchyard/contracts';
import type { Account } from './account.ts';
import type { DebitDeclineCode, DebitRequest } from './debitRequest.ts';
import { readyVerifier, type PinCheck } from './pinPolicy.ts';

export type DebitDecline = { ok: false; code: DebitDeclineCode };
/** A debit that depends on its PIN: the account it would debit, the amount, and the comparison to make. */
export type DebitPlan = { ok: true; account: Account; amountMinor: number; pinCheck: PinCheck };

/** @throws nothing: every outcome is a value. */
export const planDebit = (
  account: Account | undefined,
  request: DebitRequest,
  now: Date,
): DebitPlan | DebitDecline => {
  if (account === undefined) return { ok: false, code: Codes.REMITTER_ACCOUNT_UNKNOWN };
  if (account.status === 'FROZEN') return { ok: false, code: Codes.REMITTER_FROZEN };
  if (account.status === 'DORMANT') return { ok: false, code: Codes.REMITTER_DORMANT };
  const ready = readyVerifier(account.pin, now);
  if (!ready.ok) return ready;
  const creds = request.creds;
  const bound =
    request.credsType === 'PIN' &&
    creds?.purpose === 'PAY' &&
    creds.txnId === request.txnId &&
    creds.amountMinor === request.amountMinor;
  if (!bound) return { ok: false, code: Codes.REMITTER_INVALID_TXN };
  return {
    ok: true,
    account,
    amountMinor: request.amountMinor,
    pinCheck: { pin: creds.pin, verifier: ready.verifier },
  };
};
