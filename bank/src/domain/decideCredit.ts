/**
 * The beneficiary bank's decision on a ReqPay CREDIT (docs/upi.md §4 step 4), pure: the account must exist
 * (XI) and be neither frozen (YF) nor dormant (ZY). A credit needs no PIN and no funds. An approval carries
 * the account and amount it approved, so the caller posts exactly that.
 */
import { Codes } from '@switchyard/contracts';
import type { Account } from './account.ts';

type CreditDeclineCode = 'XI' | 'YF' | 'ZY';
export type CreditDecision =
  { ok: true; account: Account; amountMinor: number } | { ok: false; code: CreditDeclineCode };

/** @throws nothing: every outcome is a value. */
export const decideCredit = (
  account: Account | undefined,
  request: { amountMinor: number },
): CreditDecision => {
  if (account === undefined) return { ok: false, code: Codes.BENEFICIARY_ACCOUNT_UNKNOWN };
  if (account.status === 'FROZEN') return { ok: false, code: Codes.BENEFICIARY_FROZEN };
  if (account.status === 'DORMANT') return { ok: false, code: Codes.BENEFICIARY_DORMANT };
  return { ok: true, account, amountMinor: request.amountMinor };
};
