/** What planDebit needs to know about one ReqPay DEBIT, gathered by the handler before any decision. */
import type { CredsPayload } from '@switchyard/contracts';

export type DebitRequest = {
  readonly txnId: string;
  readonly amountMinor: number;
  /** Creds.type from the message: a payment carries 'PIN'. */
  readonly credsType: string;
  /** The opened PIN block; undefined when it could not be opened (malformed, wrong key, tampered). */
  readonly creds: CredsPayload | undefined;
};

/** Leg codes a DEBIT can be declined with, in the order they are checked. */
export type DebitDeclineCode = 'XH' | 'YE' | 'ZX' | 'AM' | 'Z6' | 'XB' | 'ZM' | 'Z8' | 'ZU' | 'Z9';
