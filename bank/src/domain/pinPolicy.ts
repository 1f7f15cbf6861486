/**
 * The PIN attempt policy (docs/upi.md §10): a wrong PIN answers ZM and counts a try; the third wrong try in a
 * row answers Z6 and locks the PIN for 24 h (Z6 while locked, even with the right PIN); a correct PIN resets
 * the counter. Pure: the caller verifies the PIN and passes the outcome in.
 */
import { Codes } from '@switchyard/contracts';
import type { PinRecord } from './account.ts';

const PIN_TRIES_MAX = 3;
export const PIN_LOCK_MS = 24 * 60 * 60 * 1000;
const PIN_PATTERN = /^([0-9]{4}|[0-9]{6})$/;

/** A UPI PIN is 4 or 6 digits. */
export const isValidPin = (pin: string): boolean => PIN_PATTERN.test(pin);

/** The verifier a PIN can be compared with now, or why none: AM (no PIN set), Z6 (locked). */
export type PinReadiness =
  | { ok: true; verifier: string }
  | { ok: false; code: typeof Codes.PIN_NOT_SET | typeof Codes.PIN_TRIES_EXCEEDED };

/** @throws nothing: a pure reading of the PIN record at `now` (an expired lock no longer counts). */
export const readyVerifier = (pin: PinRecord, now: Date): PinReadiness => {
  if (pin.verifier === null) return { ok: false, code: Codes.PIN_NOT_SET };
  if (pin.lockedUntil !== null && pin.lockedUntil.getTime() > now.getTime())
    return { ok: false, code: Codes.PIN_TRIES_EXCEEDED };
  return { ok: true, verifier: pin.verifier };
};

/** A PIN to compare with the verifier it must match: what a plan asks the handler to verify. */
export type PinCheck = { pin: string; verifier: string };

/** The counter and lock to store after a PIN comparison. */
export type PinUpdate = { failedTries: number; lockedUntil: Date | null };
export type PinOutcome =
  | { correct: true; update: PinUpdate }
  | { correct: false; code: typeof Codes.PIN_INCORRECT | typeof Codes.PIN_TRIES_EXCEEDED; update: PinUpdate };

/** What a PIN comparison does to the counter. Call only after readyVerifier() gave the verifier. */
export const pinOutcome = (pin: PinRecord, correct: boolean, now: Date): PinOutcome => {
  if (correct) return { correct: true, update: { failedTries: 0, lockedUntil: null } };
  // An expired lock starts a fresh series of tries.
  const previous = pin.lockedUntil !== null ? 0 : pin.failedTries;
  const failedTries = previous + 1;
  if (failedTries >= PIN_TRIES_MAX) {
    return {
      correct: false,
      code: Codes.PIN_TRIES_EXCEEDED,
      update: { failedTries, lockedUntil: new Date(now.getTime() + PIN_LOCK_MS) },
    };
  }
  return { correct: false, code: Codes.PIN_INCORRECT, update: { failedTries, lockedUntil: null } };
};
