/**
 * The payment aggregate the switch owns (docs/upi.md §4, §6.2): its state, the legs it sends and what it
 * believes about the money each bank moved. Pure data, JSON-serialisable (the `payments.data` snapshot).
 */
import type {
  AccountRef,
  FinalStatus,
  LegKind as FlowLegKind,
  ResolutionLegKind,
  Result,
} from '@switchyard/contracts';

/** A payment's legs: the flow's (AUTH … CREDIT_REVERSAL) and the resolution's (CREDIT_CHECK, AUTO_REVERSAL). */
export type LegKind = FlowLegKind | ResolutionLegKind;
export type { FlowLegKind };

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
  /** A response that arrived after the timer fired (U70): recorded; acted upon only when it proves the outcome. */
  late?: { result: Result; respCode: string; at: string };
  /** Resolution legs are re-sent: the attempt (1 when absent) and the ids of the earlier attempts. */
  attempt?: number;
  earlierMessageIds?: string[];
  /** A non-decisive answer (96…) was recorded and the next attempt waits for the leg's timer. */
  retryScheduled?: boolean;
};

/**
 * Why a debit reversal was sent: decides the final code once it is answered. RETURN: a DEEMED payment
 * whose credit proved undone (RET) — the money goes back to the payer.
 */
export type ReversalReason = 'DEBIT_TIMEOUT' | 'CREDIT_DECLINED' | 'CREDIT_REVERSED' | 'RETURN';

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
  /** Set when the payment is first answered with an uncertain outcome: the end of its resolution window. */
  resolveBy?: string;
  /** ReqChkTxn answered, per asking PSP (docs/upi.md §6.3: at most 3 each). */
  statusChecks?: Record<string, number>;
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
 * Terminal statuses: the final answer was sent to the PSPs. Three of them are uncertain (the money's fate
 * is not known yet) and are resolved later, within the window (docs/upi.md §6.5):
 * DEEMED (credit unknown: TCC → SUCCESS, RET → REVERSED), REVERSAL_UNKNOWN (a debit timed out and so did
 * its reversal, RR) and STUCK (a debit reversal failed or timed out after a debit that did happen, U33) —
 * both end REVERSED (the debit reversal or the remitter's auto-reversal gave the money back) or FAILED
 * (the bank never debited). SUCCESS, FAILED and REVERSED are ended.
 */
export type UncertainStatus = 'DEEMED' | 'REVERSAL_UNKNOWN' | 'STUCK';
export type EndedStatus = 'SUCCESS' | 'FAILED' | 'REVERSED';
export type TerminalStatus = EndedStatus | UncertainStatus;
export type PaymentStatus = PendingStatus | TransientStatus | TerminalStatus;

export type PaymentState =
  | { status: 'NEW' }
  | { status: PendingStatus | TransientStatus; payment: Payment }
  | { status: TerminalStatus; payment: Payment; final: FinalOutcome };

const UNCERTAIN_STATUSES: readonly UncertainStatus[] = ['DEEMED', 'REVERSAL_UNKNOWN', 'STUCK'];
export const TERMINAL_STATUSES: readonly TerminalStatus[] = [
  'SUCCESS',
  'FAILED',
  'REVERSED',
  ...UNCERTAIN_STATUSES,
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

export const isUncertain = (status: PaymentState['status']): status is UncertainStatus =>
  (UNCERTAIN_STATUSES as readonly string[]).includes(status);

/** The status a payment waits in while `leg` is outstanding (before its final answer). */
export const pendingStatusOf = (leg: FlowLegKind): PendingStatus => `${leg}_PENDING`;

/** The settings the resolution follows (docs/upi.md §6.5), passed into decide() as data. */
export type ResolutionPolicy = {
  /** How long an uncertain payment may stay uncertain (the T+1 stand-in). */
  windowMs: number;
  /** Debit reversal requests (the first included) before the remitter bank is asked to auto-reverse. */
  reversalAttemptsMax: number;
};

export const NO_MONEY: Money = {
  debitedMinor: 0,
  debitReversedMinor: 0,
  creditedMinor: 0,
  creditReversedMinor: 0,
};

/** A leg answer that moved money: SUCCESS with 00. */
export const isApproved = (result: Result, respCode: string): boolean =>
  result === 'SUCCESS' && respCode === '00';
