/**
 * ReqPay REVERSAL: undo a leg (or learn it never happened) after a timeout or a failed credit
 * (docs/upi.md §6.1). Keyed by the ORIGINAL txn id: a leg is reversed at most once, whatever the reversal's
 * own ids (runLeg.ts claims the DEBIT_REVERSAL / CREDIT_REVERSAL leg of `orgTxnId`).
 *
 * Ordering is what makes "never debit after ND" hold: the handler first tries to CLOSE the original leg.
 * - Closed now: the bank never saw the original, so a late DEBIT (CREDIT) will find the closed leg and be
 *   refused (XB / XC) without moving money. Answer ND (NC).
 * - Already there: that insert waited for any transaction still handling the original, so its outcome is
 *   final; decideReversal answers 00 (and the opposite journal is posted), ND/NC, or CS.
 */
import type { ReqPayReversal } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { HandlerEntry } from '@switchyard/outbox';
import * as accountsDb from '../db/accountsDb.ts';
import * as legsDb from '../db/legsDb.ts';
import { decideReversal } from '../domain/decideReversal.ts';
import { approveLeg } from './approveLeg.ts';
import { declineLeg } from './declineLeg.ts';
import { respPayReversal } from './replies.ts';
import { runLeg, type LegDeps } from './runLeg.ts';

export type ReversalDeps = LegDeps;

/** The answer for a late original on a leg a reversal closed: invalid transaction (remitter / beneficiary). */
const CLOSED_LEG_CODE = { DEBIT: 'XB', CREDIT: 'XC' } as const;
const REVERSAL_LEG = { DEBIT: 'DEBIT_REVERSAL', CREDIT: 'CREDIT_REVERSAL' } as const;

/**
 * The VPA a reversal answer names. The request carries only the account, so it is the original leg's VPA;
 * for a leg never seen, an account-based address `<acNum>@<bank>` stands in (the switch matches on txn ids).
 */
export const fallbackAddr = (message: Pick<ReqPayReversal, 'ac'>): string =>
  `${message.ac.acNum}@${message.ac.ifsc.slice(0, 4).toLowerCase()}`;

/** What a reversal needs of its request (a ReqPay REVERSAL, or a ReqAutoReversal for the debit). */
export type ReversalRequest = {
  txn: { subType: 'DEBIT' | 'CREDIT'; orgTxnId: string; custRef: string };
  ac: ReqPayReversal['ac'];
};

/** Reverses (or closes) the original leg; the caller has claimed the reversal leg. */
export const reverse = async (tx: Tx, message: ReversalRequest, now: Date): Promise<legsDb.LegOutcome> => {
  const { subType, orgTxnId } = message.txn;
  const closedNow = await legsDb.closeLegIfAbsent(tx, orgTxnId, subType, CLOSED_LEG_CODE[subType], now);
  const original = closedNow ? undefined : await legsDb.findLeg(tx, orgTxnId, subType);
  const account =
    original?.accountId != null
      ? await accountsDb.findCustomerById(tx, original.accountId, { lock: true })
      : undefined;
  const decision = decideReversal(subType, original, account);
  const addr = original?.addr ?? fallbackAddr(message);
  if (!decision.ok) {
    const amountMinor = original?.amountMinor ?? null;
    return declineLeg(decision.code, { accountId: account?.id ?? null, addr, amountMinor });
  }
  return approveLeg(tx, {
    leg: REVERSAL_LEG[subType],
    txnId: orgTxnId,
    rrn: message.txn.custRef,
    accountId: decision.account.id,
    amountMinor: decision.amountMinor,
    reversesJournalId: decision.reversesJournalId,
    addr,
    now,
  });
};

/** @throws nothing when built; `handle` throws what runLeg throws (the transaction rolls back, the message is retried). */
export const onReqPayReversal = (deps: ReversalDeps): HandlerEntry<'upi.ReqPay.REVERSAL.v1'> => ({
  name: 'bank.onReqPayReversal',
  async handle(tx, message, context) {
    const { subType, orgTxnId } = message.txn;
    await runLeg(deps, tx, context, {
      leg: REVERSAL_LEG[subType],
      txnId: orgTxnId,
      correlationId: message.txn.id,
      addr: fallbackAddr(message),
      logged: { orgTxnId, subType },
      outcome: (now) => reverse(tx, message, now),
      reply: (answer, head) => respPayReversal(message, answer, head),
    });
  },
});
