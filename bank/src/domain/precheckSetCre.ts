/**
 * The checks of a PIN set/change before any PIN comparison: account exists (XH) → frozen (YE) / dormant
 * (ZX) → creds readable, of the purpose the message claims and bound to this account (XB) → new PIN 4 or 6
 * digits (XB). PIN_SET: the debit card's last 6 digits and expiry must match (XB). PIN_CHANGE: a PIN must be
 * set (AM) and not locked (Z6); then `oldPin` is to be compared and passed to decideSetCre.
 */
import { Codes } from '@switchyard/contracts';
import type { Account } from './account.ts';
import { isValidPin, readyVerifier } from './pinPolicy.ts';
import type { SetCreDeclineCode, SetCreRequest } from './setCreRequest.ts';

export type SetCrePrecheck =
  { ok: false; code: SetCreDeclineCode } | { ok: true; newPin: string; oldPin?: string };

export const precheckSetCre = (
  account: Account | undefined,
  request: SetCreRequest,
  now: Date,
): SetCrePrecheck => {
  if (account === undefined) return { ok: false, code: Codes.REMITTER_ACCOUNT_UNKNOWN };
  if (account.status === 'FROZEN') return { ok: false, code: Codes.REMITTER_FROZEN };
  if (account.status === 'DORMANT') return { ok: false, code: Codes.REMITTER_DORMANT };
  const creds = request.creds;
  const invalid = { ok: false, code: Codes.REMITTER_INVALID_TXN } as const;
  if (
    creds === undefined ||
    creds.purpose === 'PAY' ||
    creds.acNum !== request.acNum ||
    creds.acNum !== account.acNum
  )
    return invalid;
  if (!isValidPin(creds.newPin)) return invalid;
  if (creds.purpose === 'SET') {
    if (request.credsType !== 'PIN_SET') return invalid;
    const cardMatches = account.cardLast6 === creds.cardLast6 && account.cardExpiry === creds.cardExpiry;
    return cardMatches ? { ok: true, newPin: creds.newPin } : invalid;
  }
  if (request.credsType !== 'PIN_CHANGE') return invalid;
  const ready = readyVerifier(account.pin, now);
  if (!ready.ok) return ready;
  return { ok: true, newPin: creds.newPin, oldPin: creds.oldPin };
};
