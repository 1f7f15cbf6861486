/**
 * A bank's answer to ReqPay REVERSAL (docs/upi.md §6.1), pure. `original` is what this bank recorded for the
 * leg being reversed (undefined: it never saw it); `account` is that leg's customer account, locked.
 *
 * - DEBIT: a debit that happened is reversed (00: the customer gets the money back, whatever the account's
 *   status). No debit (declined, or never seen) → ND.
 * - CREDIT: a credit that happened is taken back (00) if the customer still holds the money. If it was
 *   spent meanwhile the bank cannot claw it back: the credit stands (CS → the switch ends the txn SUCCESS,
 *   which is what happened — the payer was debited and the payee credited). No credit → NC.
 * An approval carries the account, the amount and the journal it reverses, so the caller posts exactly
 * the opposite of the original. When the original was never seen, the caller must also CLOSE that leg
 * (atomically, before deciding: see handlers/onReqPayReversal.ts) so a late original is refused: after
 * answering ND the bank never debits.
 */
import { Codes } from '@switchyard/contracts';
import type { Account } from './account.ts';
import { invariant } from './invariant.ts';
import type { LegStatus } from './leg.ts';

export type ReversedLeg = 'DEBIT' | 'CREDIT';
export type OriginalLeg = { status: LegStatus; amountMinor: number | null; journalId: number | null };

export type ReversalDecision =
  | { ok: true; code: '00'; account: Account; amountMinor: number; reversesJournalId: number }
  | { ok: false; code: 'ND' | 'NC' | 'CS' };

/**
 * @throws Error (invariant) for a DONE original without its account or journal: the legs table's
 * constraints and foreign keys make that impossible, so it is a bug, never an answer.
 */
export const decideReversal = (
  subType: ReversedLeg,
  original: OriginalLeg | undefined,
  account: Account | undefined,
): ReversalDecision => {
  const notDone = subType === 'DEBIT' ? Codes.DEBIT_NOT_DONE : Codes.CREDIT_NOT_DONE;
  if (original === undefined || original.status !== 'DONE' || original.amountMinor === null)
    return { ok: false, code: notDone };
  const amountMinor = original.amountMinor;
  if (subType === 'CREDIT' && (account === undefined || account.balanceMinor < amountMinor)) {
    return { ok: false, code: Codes.CREDIT_SUCCESS };
  }
  invariant(account !== undefined && original.journalId !== null, 'a DONE leg has its account and journal');
  return { ok: true, code: Codes.APPROVED, account, amountMinor, reversesJournalId: original.journalId };
};
