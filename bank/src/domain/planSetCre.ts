/**
 * Step 1 of a PIN set/change (plan → verify the old PIN → decide), pure: the checks before any PIN
 * comparison, in order: account exists (XH) → frozen (YE) / dormant (ZX) → creds readable, of the purpose
 * the message claims and bound to this account (XB) → new PIN 4 or 6 digits (XB). PIN_SET: the debit
 * card's last 6 digits and expiry must match (XB). PIN_CHANGE: a PIN must be set (AM) and not locked (Z6);
 * then the plan names the old PIN to compare and the verifier to compare it with (`oldPinCheck`).
 */
import { Codes } from '@switchyard/contracts';
import type { Account } from './account.ts';
import { isValidPin, readyVerifier, type PinCheck } from './pinPolicy.ts';
import type { SetCreDeclineCode, SetCreRequest } from './setCreRequest.ts';

export type SetCreDecline = { ok: false; code: SetCreDeclineCode };
/** A PIN set or change that passed its checks; PIN_CHANGE still depends on `oldPinCheck`. */
export type SetCrePlan = { ok: true; account: Account; newPin: string; oldPinCheck?: PinCheck };

/** @throws nothing: every outcome is a value. */
export const planSetCre = (
  account: Account | undefined,
  request: SetCreRequest,
  now: Date,
): SetCrePlan | SetCreDecline => {
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
    return cardMatches ? { ok: true, account, newPin: creds.newPin } : invalid;
  }
  if (request.credsType !== 'PIN_CHANGE') return invalid;
  const ready = readyVerifier(account.pin, now);
  if (!ready.ok) return ready;
  return {
    ok: true,
    account,
    newPin: creds.newPin,
    oldPinCheck: { pin: creds.oldPin, verifier: ready.verifier },
  };
};
