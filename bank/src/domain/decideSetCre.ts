/**
 * The bank's decision on a ReqSetCre (UPI.md §10), pure. PIN_SET with matching card details sets a new PIN
 * and clears the try counter and any lock (the "forgot PIN" path). PIN_CHANGE counts the old PIN's tries
 * exactly like a payment (ZM; the 3rd wrong try Z6 and a 24 h lock).
 */
import assert from 'node:assert/strict';
import type { Account } from './account.ts';
import { pinOutcome, type PinUpdate } from './pinPolicy.ts';
import { precheckSetCre } from './precheckSetCre.ts';
import type { SetCreDeclineCode, SetCreRequest } from './setCreRequest.ts';

export type SetCreDecision =
  | { ok: true; newPin: string; pinUpdate: PinUpdate }
  | { ok: false; code: SetCreDeclineCode; pinUpdate?: PinUpdate };

const CLEARED: PinUpdate = { failedTries: 0, lockedUntil: null };

export const decideSetCre = (
  account: Account | undefined,
  request: SetCreRequest,
  now: Date,
): SetCreDecision => {
  const precheck = precheckSetCre(account, request, now);
  if (!precheck.ok) return precheck;
  if (precheck.oldPin === undefined) return { ok: true, newPin: precheck.newPin, pinUpdate: CLEARED };
  assert(
    account !== undefined && request.oldPinCorrect !== undefined,
    'decideSetCre needs the old PIN comparison',
  );
  const pin = pinOutcome(account.pin, request.oldPinCorrect, now);
  if (!pin.correct) return { ok: false, code: pin.code, pinUpdate: pin.update };
  return { ok: true, newPin: precheck.newPin, pinUpdate: CLEARED };
};
