/**
 * Step 3 of a DEBIT (plan → verify PIN → decide), pure: after planDebit's checks, PIN (ZM; the 3rd wrong
 * try Z6) → per-txn limit (Z8) → daily limit (ZU) → funds (Z9) → approved. Every decision carries
 * `pinUpdate`, since the PIN was compared: the caller stores it even when the debit is declined afterwards
 * (a correct PIN resets the counter, a wrong one counts). An approval carries the account and amount it
 * approved, so the caller posts exactly that.
 */
import { Codes } from '@switchyard/contracts';
import type { Account } from './account.ts';
import { invariant } from './invariant.ts';
import type { DebitPlan } from './planDebit.ts';
import { pinOutcome, type PinUpdate } from './pinPolicy.ts';

/** What the handler learnt after planning, under the account's row lock. */
export type DebitFacts = {
  /** The comparison of plan.pinCheck. */
  pinCorrect: boolean;
  /** Today's successful, unreversed debits of the account (dayStart.ts), before this one. */
  debitedTodayMinor: number;
};

export type DebitDecision =
  | { ok: true; account: Account; amountMinor: number; pinUpdate: PinUpdate }
  | { ok: false; code: 'ZM' | 'Z6' | 'Z8' | 'ZU' | 'Z9'; pinUpdate: PinUpdate };

/**
 * @throws Error (invariant) when `facts.pinCorrect` is not a boolean: undefined would otherwise count as a
 * wrong PIN and could lock the customer out for a handler's bug.
 */
export const decideDebit = (plan: DebitPlan, facts: DebitFacts, now: Date): DebitDecision => {
  invariant(typeof facts.pinCorrect === 'boolean', 'decideDebit needs the PIN comparison of the plan');
  const { account, amountMinor } = plan;
  const pin = pinOutcome(account.pin, facts.pinCorrect, now);
  if (!pin.correct) return { ok: false, code: pin.code, pinUpdate: pin.update };
  const pinUpdate = pin.update;
  if (amountMinor > account.perTxnLimitMinor) return { ok: false, code: Codes.PER_TXN_LIMIT, pinUpdate };
  if (facts.debitedTodayMinor + amountMinor > account.dailyLimitMinor)
    return { ok: false, code: Codes.DAILY_LIMIT, pinUpdate };
  if (amountMinor > account.balanceMinor) return { ok: false, code: Codes.INSUFFICIENT_FUNDS, pinUpdate };
  return { ok: true, account, amountMinor, pinUpdate };
};
