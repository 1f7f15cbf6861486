/**
 * Step 1 of a PIN set/change (plan → compare the old PIN or the code → decide), pure: the checks before
 * any secret comparison, in order: account exists (XH) → frozen (YE) / dormant (ZX) → creds readable, of
 * the purpose the message claims and bound to this account (XB) → new PIN 4 or 6 digits (XB).
 * PIN_SET: the PIN is not locked (Z6 — a PIN set never lifts a PIN lock; it waits for the lock to expire)
 * → PIN sets are not locked (ZT) → a live code was sent (ZS: none, or expired) → the plan names the code to
 * compare and whether the card details match (both counted by decideSetCre).
 * PIN_CHANGE: a PIN must be set (AM) and not locked (Z6); then the plan names the old PIN to compare.
 */
import { Codes } from '@switchyard/contracts';
import type { Account } from './account.ts';
import { isPinLocked, isSetCreLocked } from './otpPolicy.ts';
import { isValidPin, readyVerifier, type PinCheck } from './pinPolicy.ts';
import type { SetCreDeclineCode, SetCreRequest } from './setCreRequest.ts';

export type SetCreDecline = { ok: false; code: SetCreDeclineCode };
/** A code to compare with the live code's verifier, and whether the card details matched. */
type OtpCheck = { otp: string; verifier: string; cardMatches: boolean };
/** A PIN set or change that passed its checks; it still depends on `oldPinCheck` / `otpCheck`. */
export type SetCrePlan =
  | { ok: true; account: Account; newPin: string; oldPinCheck: PinCheck; otpCheck?: undefined }
  | { ok: true; account: Account; newPin: string; otpCheck: OtpCheck; oldPinCheck?: undefined };

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
    if (isPinLocked(account, now)) return { ok: false, code: Codes.PIN_TRIES_EXCEEDED };
    if (isSetCreLocked(account, now)) return { ok: false, code: Codes.OTP_TRIES_EXCEEDED };
    const otp = request.otp;
    if (otp === undefined || otp.expiresAt.getTime() <= now.getTime())
      return { ok: false, code: Codes.OTP_EXPIRED };
    const cardMatches =
      account.cardLast6 !== null &&
      account.cardLast6 === creds.cardLast6 &&
      account.cardExpiry === creds.cardExpiry;
    return {
      ok: true,
      account,
      newPin: creds.newPin,
      otpCheck: { otp: creds.otp, verifier: otp.verifier, cardMatches },
    };
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
