/** What decideDebit needs to know about one ReqPay DEBIT, gathered by the handler. */
import type { CredsPayload } from '@switchyard/contracts';

export type DebitRequest = {
  txnId: string;
  amountMinor: number;
  /** Creds.type from the message: a payment carries 'PIN'. */
  credsType: string;
  /** The opened PIN block; undefined when it could not be opened (malformed, wrong key, tampered). */
  creds: CredsPayload | undefined;
  /** Today's successful, unreversed debits of the account (dayStart.ts), before this one. */
  debitedTodayMinor: number;
  /** The PIN comparison, made by the handler only when precheckDebit() answers VERIFY_PIN. */
  pinCorrect?: boolean;
};

/** Leg codes a DEBIT can be declined with, in the order they are checked. */
export type DebitDeclineCode = 'XH' | 'YE' | 'ZX' | 'AM' | 'Z6' | 'XB' | 'ZM' | 'Z8' | 'ZU' | 'Z9';
