/**
 * The one place an approved money leg moves money: a balanced journal between the customer and
 * UPI_SETTLEMENT (the bank's position with the switch), and the leg's DONE outcome with an approval number.
 */
import { newApprovalNum } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import * as ledgerDb from '../db/ledgerDb.ts';
import type { LegOutcome } from '../db/legsDb.ts';

type MoneyLeg = 'DEBIT' | 'CREDIT' | 'DEBIT_REVERSAL' | 'CREDIT_REVERSAL';

/** Which way each leg moves the customer's balance; UPI_SETTLEMENT always moves the other way. */
const CUSTOMER_SIGN: Record<MoneyLeg, 1 | -1> = {
  DEBIT: -1,
  CREDIT: 1,
  DEBIT_REVERSAL: 1,
  CREDIT_REVERSAL: -1,
};

export type Approval = {
  leg: MoneyLeg;
  /** The txn id the journal is keyed by: the payment's (a reversal's journal sits beside the original's). */
  txnId: string;
  rrn: string;
  /** The customer account the decision approved (it carries the account, so this is never a guess). */
  accountId: number;
  amountMinor: number;
  /** Reversals: the journal whose exact opposite this one posts. */
  reversesJournalId?: number;
  /** The VPA the answer names. */
  addr: string;
  now: Date;
};

/**
 * Posts the approved leg's journal between the customer and UPI_SETTLEMENT (one statement: ledgerDb.ts) and
 * returns the DONE outcome to record on the leg.
 * @throws BankError BANK_ERR_LEDGER when a balance move is refused (a bug: decisions are made under the
 *   account's row lock).
 */
export const approveLeg = async (tx: Tx, approval: Approval): Promise<LegOutcome> => {
  const customerDeltaMinor = CUSTOMER_SIGN[approval.leg] * approval.amountMinor;
  const journalId = await ledgerDb.postJournal(tx, {
    txnId: approval.txnId,
    leg: approval.leg,
    rrn: approval.rrn,
    reversesJournalId: approval.reversesJournalId,
    now: approval.now,
    movements: [
      { accountId: approval.accountId, amountMinor: customerDeltaMinor },
      { internal: 'UPI_SETTLEMENT', amountMinor: -customerDeltaMinor },
    ],
  });
  return {
    status: 'DONE',
    respCode: '00',
    accountId: approval.accountId,
    addr: approval.addr,
    amountMinor: approval.amountMinor,
    settAmountMinor: approval.amountMinor,
    approvalNum: newApprovalNum(),
    journalId: journalId ?? null,
  };
};
