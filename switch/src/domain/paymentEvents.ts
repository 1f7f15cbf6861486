/**
 * What happened to a payment, past tense. Every transition is one or more of these, appended to the
 * `payment_events` log in the transaction that updates the `payments` row; `at` makes each one a hop of
 * the payment's journey.
 */
import type { AccountRef, FinalStatus, Result } from '@switchyard/contracts';
import type { EndedStatus, LegKind, ReversalReason, TerminalStatus } from './payment.ts';

/** ReqPay PAY received from the payer's PSP. */
export type PaymentInitiated = {
  type: 'PaymentInitiated';
  at: string;
  txnId: string;
  payerPsp: string;
  payerMessageId: string;
  payer: { addr: string; name: string; ac: AccountRef };
  payee: { addr: string };
  amountMinor: number;
  note: string;
  payeePsp?: string;
  remitterBank?: string;
};

/** A leg request (ReqAuthDetails, ReqPay DEBIT/CREDIT/REVERSAL) sent, its timer armed. */
export type LegRequested = {
  type: 'LegRequested';
  at: string;
  leg: LegKind;
  messageId: string;
  participant: string;
  rrn?: string; // DEBIT: the RRN every later leg carries
  reason?: ReversalReason; // DEBIT_REVERSAL
  orgRespCode?: string; // reversals: the original leg's code (00, UT, BT)
  attempt?: number; // a re-sent request (2, 3…): the leg keeps the earlier attempts' ids
};

/** RespAuthDetails SUCCESS: the payee's account (and so the beneficiary bank) is known. */
type PayeeResolved = {
  type: 'PayeeResolved';
  at: string;
  payee: { addr: string; name: string; ac: AccountRef };
  beneficiaryBank?: string;
};

/** A leg's response arrived in time. */
export type LegAnswered = {
  type: 'LegAnswered';
  at: string;
  leg: LegKind;
  result: Result;
  respCode: string;
  approvalNum?: string;
};

/** A leg's timer fired before its response. */
export type LegTimedOut = { type: 'LegTimedOut'; at: string; leg: LegKind };

/** A leg's response after its timer fired (U70): recorded, the outcome does not change. */
export type LateResponseRecorded = {
  type: 'LateResponseRecorded';
  at: string;
  leg: LegKind;
  result: Result;
  respCode: string;
  errCode: 'U70';
};

/** Terminal: the final RespPay sent to the payer's PSP (and ReqTxnConfirmation to the payee's). */
export type PaymentCompleted = {
  type: 'PaymentCompleted';
  at: string;
  /** The payment's terminal status (the state machine's). */
  status: TerminalStatus;
  result: Result;
  /** What the RespPay says: SUCCESS, FAILURE or DEEMED. */
  finalStatus: FinalStatus;
  errCode?: string;
  payerRespCode?: string;
  payeeRespCode?: string;
  /** An uncertain outcome (DEEMED, REVERSAL_UNKNOWN, STUCK): the end of its resolution window. */
  resolveBy?: string;
};

/** How an uncertain payment was resolved (docs/upi.md §6.5). */
export type ResolvedBy =
  | 'TCC' // the beneficiary bank confirmed the credit
  | 'DEBIT_REVERSAL' // the debit reversal (RET, or a retried reversal) was answered
  | 'AUTO_REVERSAL' // the remitter bank auto-reversed the debit
  | 'LATE_ANSWER'; // a late leg answer proved the outcome

/**
 * An uncertain payment ended. `notified`: the UPI final status or its code changed (DEEMED → SUCCESS/FAILURE,
 * U33 → U67/U31/U68/U34), so the RespPay and the ReqTxnConfirmation were sent again; RR (U67) ending U67 is not.
 */
export type PaymentResolved = {
  type: 'PaymentResolved';
  at: string;
  status: EndedStatus;
  by: ResolvedBy;
  result: Result;
  finalStatus: FinalStatus;
  errCode?: string;
  payerRespCode?: string;
  payeeRespCode?: string;
  notified: boolean;
};

/** A leg's answer settled nothing (96…): the next attempt is sent when the leg's timer fires. */
type LegRetryScheduled = { type: 'LegRetryScheduled'; at: string; leg: LegKind };

/** A payment declined at once because the circuit breaker of one of its banks is open (U90/U91). */
type BankUnavailable = {
  type: 'BankUnavailable';
  at: string;
  bank: string;
  role: 'REMITTER' | 'BENEFICIARY';
};

/** ReqChkTxn from one of the payment's PSPs answered (the n-th check of that PSP). */
export type StatusChecked = {
  type: 'StatusChecked';
  at: string;
  asker: string;
  status: FinalStatus | 'PENDING';
  count: number;
};

/** RespTxnConfirmation received from the payee's PSP. */
type TxnConfirmationRecorded = { type: 'TxnConfirmationRecorded'; at: string; result: Result };

export type PaymentEvent =
  | PaymentInitiated
  | LegRequested
  | PayeeResolved
  | LegAnswered
  | LegTimedOut
  | LateResponseRecorded
  | PaymentCompleted
  | TxnConfirmationRecorded
  | PaymentResolved
  | LegRetryScheduled
  | BankUnavailable
  | StatusChecked;
