/**
 * The beneficiary bank's decision on a ReqPay CREDIT (UPI.md §4 step 4), pure: the account must exist (XI)
 * and be neither frozen (YF) nor dormant (ZY). A credit needs no PIN and no funds.
 */
import { Codes } from '@switchyard/contracts';
import type { Account } from './account.ts';

export type CreditDeclineCode = 'XI' | 'YF' | 'ZY';
export type CreditDecision = { ok: true; amountMinor: number } | { ok: false; code: CreditDeclineCode };

export const decideCredit = (
  account: Account | undefined,
  request: { amountMinor: number },
): CreditDecision => {
  if (account === undefined) return { ok: false, code: Codes.BENEFICIARY_ACCOUNT_UNKNOWN };
  if (account.status === 'FROZEN') return { ok: false, code: Codes.BENEFICIARY_FROZEN };
  if (account.status === 'DORMANT') return { ok: false, code: Codes.BENEFICIARY_DORMANT };
  return { ok: true, amountMinor: request.amountMinor };
};
