/**
 * Step 3 of a PIN set/change (plan → verify the old PIN → decide), pure (docs/upi.md §10). PIN_SET with
 * matching card details (planSetCre checked them) sets a new PIN and clears the try counter and any lock
 * (the "forgot PIN" path). PIN_CHANGE counts the old PIN's tries exactly like a payment (ZM; the 3rd wrong
 * try Z6 and a 24 h lock). An approval carries the account whose PIN it sets.
 */
import type { Account } from './account.ts';
import { invariant } from './invariant.ts';
import { pinOutcome, type PinUpdate } from './pinPolicy.ts';
import type { SetCrePlan } from './planSetCre.ts';

export type SetCreDecision =
  | { ok: true; account: Account; newPin: string; pinUpdate: PinUpdate }
  | { ok: false; code: 'ZM' | 'Z6'; pinUpdate: PinUpdate };

const CLEARED: PinUpdate = { failedTries: 0, lockedUntil: null };

/**
 * @param oldPinCorrect the comparison of plan.oldPinCheck; undefined when the plan has none (PIN_SET).
 * @throws Error (invariant) when the plan has an old PIN to compare and `oldPinCorrect` is missing.
 */
export const decideSetCre = (
  plan: SetCrePlan,
  oldPinCorrect: boolean | undefined,
  now: Date,
): SetCreDecision => {
  const { account, newPin } = plan;
  if (plan.oldPinCheck === undefined) return { ok: true, account, newPin, pinUpdate: CLEARED };
  invariant(oldPinCorrect !== undefined, 'decideSetCre needs the old PIN comparison');
  const pin = pinOutcome(account.pin, oldPinCorrect, now);
  if (!pin.correct) return { ok: false, code: pin.code, pinUpdate: pin.update };
  return { ok: true, account, newPin, pinUpdate: CLEARED };
};
