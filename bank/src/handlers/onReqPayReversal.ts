/**
 * ReqPay REVERSAL: undo a leg (or learn it never happened) after a timeout or a failed credit (UPI.md §6.1).
 * Keyed by the ORIGINAL txn id: a leg is reversed at most once, whatever the reversal's own ids.
 *
 * Ordering is what makes "never debit after ND" hold: the handler first tries to CLOSE the original leg.
 * - Closed now: the bank never saw the original, so a late DEBIT (CREDIT) will find the closed leg and be
 *   refused (XB / XC) without moving money. Answer ND (NC).
 * - Already there: that insert waited for any transaction still handling the original, so its outcome is
 *   final; decideReversal answers 00 (and posts the opposite journal), ND/NC, or 96.
 */
import { newApprovalNum, type ReqPayReversal } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { HandlerEntry } from '@switchyard/outbox';
import * as accountsDb from '../db/accountsDb.ts';
import * as ledgerDb from '../db/ledgerDb.ts';
import * as legsDb from '../db/legsDb.ts';
import { decideReversal } from '../domain/decideReversal.ts';
import { countAnswer } from './countAnswer.ts';
import type { HandlerDeps } from './handlerDeps.ts';
import { reply, respPayReversal, type LegAnswer } from './replies.ts';
import { storedAnswer } from './storedAnswer.ts';

/** The answer for a late original on a leg a reversal closed: invalid transaction (remitter / beneficiary). */
const CLOSED_LEG_CODE = { DEBIT: 'XB', CREDIT: 'XC' } as const;

/**
 * The VPA a reversal answer names. The request carries only the account, so it is the original leg's VPA;
 * for a leg never seen, an account-based address `<acNum>@<bank>` stands in (the switch matches on txn ids).
 */
const fallbackAddr = (message: ReqPayReversal): string =>
  `${message.ac.acNum}@${message.ac.ifsc.slice(0, 4).toLowerCase()}`;

const reverse = async (tx: Tx, message: ReqPayReversal, now: Date): Promise<LegAnswer> => {
  const subType = message.txn.subType;
  const orgTxnId = message.txn.orgTxnId;
  const reversalLeg = subType === 'DEBIT' ? 'DEBIT_REVERSAL' : 'CREDIT_REVERSAL';
  const closedNow = await legsDb.closeLegIfAbsent(tx, orgTxnId, subType, CLOSED_LEG_CODE[subType], now);
  const original = closedNow ? undefined : await legsDb.findLeg(tx, orgTxnId, subType);
  const account =
    original?.accountId != null
      ? await accountsDb.findCustomerById(tx, original.accountId, { lock: true })
      : undefined;
  const decision = decideReversal(subType, original, account?.balanceMinor);
  const addr = original?.addr ?? fallbackAddr(message);
  if (!decision.ok) {
    await legsDb.finishLeg(tx, orgTxnId, reversalLeg, {
      status: 'DECLINED',
      respCode: decision.code,
      accountId: account?.id ?? null,
      addr,
      amountMinor: original?.amountMinor ?? null,
      settAmountMinor: 0,
      approvalNum: null,
      journalId: null,
    });
    return { respCode: decision.code, settAmountMinor: 0, approvalNum: null, addr };
  }
  const amountMinor = decision.amountMinor;
  const customerDelta = subType === 'DEBIT' ? amountMinor : -amountMinor;
  const settlementId = await accountsDb.internalAccountId(tx, 'UPI_SETTLEMENT');
  const journalId = await ledgerDb.postJournal(tx, {
    txnId: orgTxnId,
    leg: reversalLeg,
    rrn: message.txn.custRef,
    reversesJournalId: original!.journalId!,
    now,
    movements: [
      { accountId: account!.id, amountMinor: customerDelta },
      { accountId: settlementId, amountMinor: -customerDelta },
    ],
  });
  const approvalNum = newApprovalNum();
  await legsDb.finishLeg(tx, orgTxnId, reversalLeg, {
    status: 'DONE',
    respCode: '00',
    accountId: account!.id,
    addr,
    amountMinor,
    settAmountMinor: amountMinor,
    approvalNum,
    journalId: journalId ?? null,
  });
  return { respCode: '00', settAmountMinor: amountMinor, approvalNum, addr };
};

export const onReqPayReversal = (deps: HandlerDeps): HandlerEntry<'upi.ReqPay.REVERSAL.v1'> => ({
  name: 'bank.onReqPayReversal',
  async handle(tx, message, context) {
    const now = deps.now();
    const orgTxnId = message.txn.orgTxnId;
    const reversalLeg = message.txn.subType === 'DEBIT' ? 'DEBIT_REVERSAL' : 'CREDIT_REVERSAL';
    const claimed = await legsDb.claimLeg(tx, orgTxnId, reversalLeg, now);
    const answer = claimed
      ? await reverse(tx, message, now)
      : await storedAnswer(tx, orgTxnId, reversalLeg, fallbackAddr(message));
    deps.log.info(
      {
        txnId: message.txn.id,
        orgTxnId,
        subType: message.txn.subType,
        respCode: answer.respCode,
        repeated: !claimed,
      },
      'reversal answered',
    );
    countAnswer(context, deps.participant, reversalLeg, answer.respCode, !claimed);
    await reply(deps, tx, context, message.txn.id, (head) => respPayReversal(message, answer, head));
  },
});
