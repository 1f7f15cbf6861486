/**
 * What happened to a payment, past tense. Every transition is one or more of these, appended to the
 * `payment_events` log in the transaction that updates the `payments` row; `at` makes each one a hop of
 * the payment's journey.
 */
import type { AccountRef, FinalStatus, Result } from '@switchyard/contracts';
import type { LegKind, ReversalReason, TerminalStatus } from './payment.ts';

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
  | TxnConfirmationRecorded;
