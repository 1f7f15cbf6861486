/**
 * The payment aggregate the switch owns (docs/upi.md §4, §6.2): its state, the legs it sends and what it
 * believes about the money each bank moved. Pure data, JSON-serialisable (the `payments.data` snapshot).
 */
import type { AccountRef, FinalStatus, LegKind, Result } from '@switchyard/contracts';

export type { LegKind };

export type BankLegKind = Exclude<LegKind, 'AUTH'>;

type LegOutcome = 'PENDING' | 'ANSWERED' | 'TIMED_OUT';

export type Leg = {
  messageId: string; // the request's message id (its head.msgId; the answer's resp.reqMsgId)
  participant: string; // who must answer
  requestedAt: string;
  outcome: LegOutcome;
  result?: Result;
  respCode?: string;
  approvalNum?: string;
  answeredAt?: string;
  timedOutAt?: string;
  /** A response that arrived after the timer fired (U70): recorded, never acted upon. */
  late?: { result: Result; respCode: string; at: string };
};

/** Why a debit reversal was sent: decides the final code once it is answered. */
export type ReversalReason = 'DEBIT_TIMEOUT' | 'CREDIT_DECLINED' | 'CREDIT_REVERSED';

/** What the switch believes each leg moved (successful legs only), in paise. */
export type Money = {
  debitedMinor: number;
  debitReversedMinor: number;
  creditedMinor: number;
  creditReversedMinor: number;
};

export type Payment = {
  txnId: string;
  payerPsp: string;
  payerMessageId: string; // head.msgId of the ReqPay: the final RespPay's resp.reqMsgId
  payer: { addr: string; name: string; ac: AccountRef };
  payee: { addr: string; name?: string; ac?: AccountRef };
  amountMinor: number;
  note: string;
  receivedAt: string;
  payeePsp?: string;
  remitterBank?: string;
  beneficiaryBank?: string;
  rrn?: string;
  reversalReason?: ReversalReason;
  legs: Partial<Record<LegKind, Leg>>;
  money: Money;
  confirmation?: { result: Result; at: string };
};

/**
 * The final answer: result, final status (UPI's SUCCESS/FAILURE/DEEMED, the RespPay's resp.status) and
 * errCode of the transaction, plus the codes the switch puts on each leg.
 */
export type FinalOutcome = {
  result: Result;
  finalStatus: FinalStatus;
  errCode?: string;
  payerRespCode?: string; // overrides the debit leg's own code (UT, RR…)
  payeeRespCode?: string; // overrides the credit leg's own code (ZH, RA, BT, RB…)
  at: string;
};

/** Statuses a payment waits in: one leg request is outstanding, its timer armed. */
export type PendingStatus =
  'AUTH_PENDING' | 'DEBIT_PENDING' | 'CREDIT_PENDING' | 'DEBIT_REVERSAL_PENDING' | 'CREDIT_REVERSAL_PENDING';
/** Statuses passed through inside one decision (docs/upi.md §6.2 names); never stored. */
type TransientStatus = 'INITIATED' | 'ADDR_RESOLVED' | 'DEBITED';
/**
 * Terminal statuses. REVERSAL_UNKNOWN: a debit timed out and so did its reversal (RR). STUCK: a debit
 * reversal failed or timed out after a debit that did happen (U33, money in dispute).
 */
export type TerminalStatus = 'SUCCESS' | 'FAILED' | 'DEEMED' | 'REVERSAL_UNKNOWN' | 'STUCK';
export type PaymentStatus = PendingStatus | TransientStatus | TerminalStatus;

export type PaymentState =
  | { status: 'NEW' }
  | { status: PendingStatus | TransientStatus; payment: Payment }
  | { status: TerminalStatus; payment: Payment; final: FinalOutcome };

export const TERMINAL_STATUSES: readonly TerminalStatus[] = [
  'SUCCESS',
  'FAILED',
  'DEEMED',
  'REVERSAL_UNKNOWN',
  'STUCK',
];
export const PENDING_STATUSES: readonly PendingStatus[] = [
  'AUTH_PENDING',
  'DEBIT_PENDING',
  'CREDIT_PENDING',
  'DEBIT_REVERSAL_PENDING',
  'CREDIT_REVERSAL_PENDING',
];

export const isTerminal = (status: PaymentState['status']): status is TerminalStatus =>
  (TERMINAL_STATUSES as readonly string[]).includes(status);

/** The status a payment waits in while `leg` is outstanding. */
export const pendingStatusOf = (leg: LegKind): PendingStatus => `${leg}_PENDING`;

export const NO_MONEY: Money = {
  debitedMinor: 0,
  debitReversedMinor: 0,
  creditedMinor: 0,
  creditReversedMinor: 0,
};

/** A leg answer that moved money: SUCCESS with 00. */
export const isApproved = (result: Result, respCode: string): boolean =>
  result === 'SUCCESS' && respCode === '00';
