/**
 * The remitter bank's decision on a ReqPay DEBIT (UPI.md §4 step 3), pure. Order: precheckDebit (XH, YE/ZX,
 * AM, Z6, XB) → PIN (ZM; the 3rd wrong try Z6) → per-txn limit (Z8) → daily limit (ZU) → funds (Z9).
 * `pinUpdate` is present whenever the PIN was compared: the caller stores it even when the debit is
 * declined afterwards (a correct PIN resets the counter, a wrong one counts).
 */
import assert from 'node:assert/strict';
import { Codes } from '@switchyard/contracts';
import type { Account } from './account.ts';
import type { DebitDeclineCode, DebitRequest } from './debitRequest.ts';
import { pinOutcome, type PinUpdate } from './pinPolicy.ts';
import { precheckDebit } from './precheckDebit.ts';

export type DebitDecision =
  | { ok: true; amountMinor: number; pinUpdate: PinUpdate }
  | { ok: false; code: DebitDeclineCode; pinUpdate?: PinUpdate };

export const decideDebit = (
  account: Account | undefined,
  request: DebitRequest,
  now: Date,
): DebitDecision => {
  const precheck = precheckDebit(account, request, now);
  if (!precheck.ok) return precheck;
  assert(
    account !== undefined && request.pinCorrect !== undefined,
    'decideDebit needs the PIN comparison after VERIFY_PIN',
  );
  const pin = pinOutcome(account.pin, request.pinCorrect, now);
  if (!pin.correct) return { ok: false, code: pin.code, pinUpdate: pin.update };
  const amountMinor = request.amountMinor;
  if (amountMinor > account.perTxnLimitMinor)
    return { ok: false, code: Codes.PER_TXN_LIMIT, pinUpdate: pin.update };
  if (request.debitedTodayMinor + amountMinor > account.dailyLimitMinor) {
    return { ok: false, code: Codes.DAILY_LIMIT, pinUpdate: pin.update };
  }
  if (amountMinor > account.balanceMinor)
    return { ok: false, code: Codes.INSUFFICIENT_FUNDS, pinUpdate: pin.update };
  return { ok: true, amountMinor, pinUpdate: pin.update };
};
