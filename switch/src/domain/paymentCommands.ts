/**
 * What the switch is asked to do with a payment, one command per inbound message kind. Handlers build them
 * from decoded messages plus what only I/O can supply (routes from the network, an RRN from a sequence, a
 * fresh message id for the next leg request); decide() then needs nothing else.
 */
import type { AccountRef, Result } from '@switchyard/contracts';
import type { BankLegKind, LegKind, ResolutionPolicy } from './payment.ts';

/** ReqPay PAY, already authenticated (its sender owns the payer's handle and the txn id prefix). */
export type StartPayment = {
  type: 'StartPayment';
  request: {
    txnId: string;
    messageId: string;
    payer: { addr: string; name: string; ac: AccountRef };
    payee: { addr: string };
    amountMinor: number;
    note: string;
  };
  sender: string;
  payeePsp?: string; // the PSP owning the payee's handle
  remitterBank?: string; // the bank owning the payer's IFSC
  amountMinorMax: number; // the P2P cap (U02)
  nextMessageId: string; // id of the ReqAuthDetails, if one is sent
  /** Banks whose circuit breaker is open now (I/O state the handler reads): declined U90/U91. */
  unavailableBanks?: readonly string[];
};

/** RespAuthDetails from the payee's PSP. */
export type AnswerAuthDetails = {
  type: 'AnswerAuthDetails';
  sender: string;
  requestMessageId: string;
  result: Result;
  errCode?: string;
  payee?: { addr: string; name: string; ac: AccountRef };
  beneficiaryBank?: string; // the bank owning the payee's IFSC
  rrn?: string; // the RRN the debit will carry (drawn only while the payment awaits this answer)
  nextMessageId: string; // id of the ReqPay DEBIT, if one is sent
  unavailableBanks?: readonly string[];
};

/** RespPay DEBIT / CREDIT / REVERSAL, RespChkTxn CREDIT or RespAutoReversal from a bank. */
export type AnswerLeg = {
  type: 'AnswerLeg';
  policy: ResolutionPolicy;
  leg: BankLegKind;
  sender: string;
  requestMessageId: string;
  result: Result;
  respCode: string;
  approvalNum?: string;
  nextMessageId: string; // id of the next leg request, if one is sent
};

/** switch.TimeoutElapsed: a leg's timer fired. */
export type ElapseTimer = {
  type: 'ElapseTimer';
  leg: LegKind;
  legMessageId: string;
  nextMessageId: string;
  policy: ResolutionPolicy;
};

/** RespTxnConfirmation from the payee's PSP. */
type RecordTxnConfirmation = { type: 'RecordTxnConfirmation'; sender: string; result: Result };

export type PaymentCommand =
  StartPayment | AnswerAuthDetails | AnswerLeg | ElapseTimer | RecordTxnConfirmation;

/**
 * Why a command changes nothing. `duplicate_txn` is answered U01; `timer_stale` and
 * `response_already_received` (U35) are dropped; the rest are messages that can never succeed (DLQ).
 */
export type PaymentRejection =
  | 'duplicate_txn'
  | 'unknown_payment'
  | 'unexpected_response'
  | 'wrong_sender'
  | 'response_mismatch'
  | 'response_already_received'
  | 'timer_stale';
