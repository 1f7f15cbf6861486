/**
 * One-time codes for PIN sets (docs/upi.md §10: card details + OTP), pure. ReqOtp is answered only for an
 * active account whose registered mobile is the one the PSP verified (B1 otherwise), that has a debit card
 * on file (XN), whose PIN is not locked (Z6: a PIN set never lifts a PIN lock) and whose PIN sets are not
 * locked (ZT). The code lives OTP_TTL_MS. Wrong card details (XN) and wrong codes (ZR) count against the
 * PIN-set counter: the third in a row answers ZT and locks PIN sets for 24 h, as PIN tries lock the PIN;
 * an expired code (ZS) or a lock answer counts nothing.
 */
import { Codes } from '@switchyard/contracts';
import type { Account, SetCreGuard } from './account.ts';

export const OTP_TTL_MS = 5 * 60 * 1000;
const SET_CRE_TRIES_MAX = 3;
export const SET_CRE_LOCK_MS = 24 * 60 * 60 * 1000;

/** The live code of an account, as stored: a verifier and its expiry. */
export type OtpRecord = { verifier: string; expiresAt: Date };

export type OtpRequestDecision =
  | { ok: true; account: Account; expiresAt: Date }
  | { ok: false; code: 'XH' | 'YE' | 'ZX' | 'B1' | 'XN' | 'Z6' | 'ZT' };

const isLocked = (lockedUntil: Date | null, now: Date): boolean =>
  lockedUntil !== null && lockedUntil.getTime() > now.getTime();

export const isPinLocked = (account: Account, now: Date): boolean => isLocked(account.pin.lockedUntil, now);
export const isSetCreLocked = (account: Account, now: Date): boolean =>
  isLocked(account.setCre.lockedUntil, now);

/** Whether a code may be sent for `account` to the PSP-verified `mobile`. @throws nothing */
export const decideOtpRequest = (
  account: Account | undefined,
  mobile: string,
  now: Date,
): OtpRequestDecision => {
  if (account === undefined) return { ok: false, code: Codes.REMITTER_ACCOUNT_UNKNOWN };
  if (account.status === 'FROZEN') return { ok: false, code: Codes.REMITTER_FROZEN };
  if (account.status === 'DORMANT') return { ok: false, code: Codes.REMITTER_DORMANT };
  if (account.mobile !== mobile) return { ok: false, code: Codes.REGISTERED_MOBILE_CHANGED };
  if (account.cardLast6 === null || account.cardExpiry === null)
    return { ok: false, code: Codes.CARD_MISMATCH };
  if (isPinLocked(account, now)) return { ok: false, code: Codes.PIN_TRIES_EXCEEDED };
  if (isSetCreLocked(account, now)) return { ok: false, code: Codes.OTP_TRIES_EXCEEDED };
  return { ok: true, account, expiresAt: new Date(now.getTime() + OTP_TTL_MS) };
};

export type SetCreTryOutcome =
  | { correct: true; update: SetCreGuard }
  | { correct: false; code: 'XN' | 'ZR' | 'ZT'; update: SetCreGuard; locked: boolean };

/**
 * What one PIN-set attempt (card details and code compared) does to the counter. `wrong` names what was
 * wrong (XN card, ZR code). Call only when PIN sets are not locked.
 */
export const setCreTry = (
  guard: SetCreGuard,
  wrong: 'XN' | 'ZR' | undefined,
  now: Date,
): SetCreTryOutcome => {
  if (wrong === undefined) return { correct: true, update: { failedTries: 0, lockedUntil: null } };
  // An expired lock starts a fresh series of tries.
  const failedTries = (guard.lockedUntil !== null ? 0 : guard.failedTries) + 1;
  if (failedTries >= SET_CRE_TRIES_MAX) {
    return {
      correct: false,
      code: Codes.OTP_TRIES_EXCEEDED,
      update: { failedTries, lockedUntil: new Date(now.getTime() + SET_CRE_LOCK_MS) },
      locked: true,
    };
  }
  return { correct: false, code: wrong, update: { failedTries, lockedUntil: null }, locked: false };
};
