/**
 * The checks of a DEBIT that come before the PIN comparison, in order: account exists (XH) → frozen (YE) /
 * dormant (ZX) → PIN set (AM) → not locked (Z6) → creds readable and bound to THIS txn id and amount (XB;
 * a PIN block replayed on another payment is refused without counting a PIN try).
 * VERIFY_PIN means: compare the PIN, then call decideDebit with the result.
 */
import { Codes } from '@switchyard/contracts';
import type { Account } from './account.ts';
import type { DebitDeclineCode, DebitRequest } from './debitRequest.ts';
import { pinStatusOf } from './pinPolicy.ts';

export type DebitPrecheck = { ok: false; code: DebitDeclineCode } | { ok: true; pin: string };

export const precheckDebit = (
  account: Account | undefined,
  request: DebitRequest,
  now: Date,
): DebitPrecheck => {
  if (account === undefined) return { ok: false, code: Codes.REMITTER_ACCOUNT_UNKNOWN };
  if (account.status === 'FROZEN') return { ok: false, code: Codes.REMITTER_FROZEN };
  if (account.status === 'DORMANT') return { ok: false, code: Codes.REMITTER_DORMANT };
  const pinStatus = pinStatusOf(account.pin, now);
  if (pinStatus === 'NOT_SET') return { ok: false, code: Codes.PIN_NOT_SET };
  if (pinStatus === 'LOCKED') return { ok: false, code: Codes.PIN_TRIES_EXCEEDED };
  const creds = request.creds;
  const bound =
    request.credsType === 'PIN' &&
    creds?.purpose === 'PAY' &&
    creds.txnId === request.txnId &&
    creds.amountMinor === request.amountMinor;
  if (!bound) return { ok: false, code: Codes.REMITTER_INVALID_TXN };
  return { ok: true, pin: creds.pin };
};
