/**
 * Step 3 of a PIN set/change (plan → compare → decide), pure (docs/upi.md §10).
 * PIN_SET: card details and the one-time code are one attempt on the PIN-set counter (otpPolicy.ts): a
 * card mismatch answers XN, a wrong code ZR, the third failure in a row ZT and a 24 h lock (the code is
 * then spent); a right attempt sets the PIN, clears the counter and spends the code. The PIN was not
 * locked (planSetCre refused that), so no PIN lock is lifted here.
 * PIN_CHANGE counts the old PIN's tries exactly like a payment (ZM; the 3rd wrong try Z6 and a 24 h lock).
 * An approval carries the account whose PIN it sets.
 */
import type { Account, SetCreGuard } from './account.ts';
import { invariant } from './invariant.ts';
import { setCreTry } from './otpPolicy.ts';
import { pinOutcome, type PinUpdate } from './pinPolicy.ts';
import type { SetCrePlan } from './planSetCre.ts';

/** What to store besides the answer: the PIN counter, the PIN-set counter, whether the code is spent. */
type Updates = { pinUpdate?: PinUpdate; setCreUpdate?: SetCreGuard; spendOtp?: true };
export type SetCreDecision =
  | ({ ok: true; account: Account; newPin: string } & Updates)
  | ({ ok: false; code: 'ZM' | 'Z6' | 'XN' | 'ZR' | 'ZT' } & Updates);

/** The comparisons the handler made for the plan (only those it asked for). */
export type SetCreComparisons = { oldPinCorrect?: boolean; otpCorrect?: boolean };

/**
 * @throws Error (invariant) when the plan has a comparison to make and its result is missing (the code need
 *   not be compared when the card details did not match).
 */
export const decideSetCre = (plan: SetCrePlan, compared: SetCreComparisons, now: Date): SetCreDecision => {
  const { account, newPin } = plan;
  if (plan.otpCheck !== undefined) {
    const cardMatches = plan.otpCheck.cardMatches;
    invariant(!cardMatches || compared.otpCorrect !== undefined, 'decideSetCre needs the code comparison');
    const attempt = setCreTry(
      account.setCre,
      !cardMatches ? 'XN' : compared.otpCorrect ? undefined : 'ZR',
      now,
    );
    if (attempt.correct) return { ok: true, account, newPin, setCreUpdate: attempt.update, spendOtp: true };
    return {
      ok: false,
      code: attempt.code,
      setCreUpdate: attempt.update,
      ...(attempt.locked ? { spendOtp: true as const } : {}),
    };
  }
  invariant(compared.oldPinCorrect !== undefined, 'decideSetCre needs the old PIN comparison');
  const pin = pinOutcome(account.pin, compared.oldPinCorrect, now);
  if (!pin.correct) return { ok: false, code: pin.code, pinUpdate: pin.update };
  return { ok: true, account, newPin, pinUpdate: pin.update };
};
