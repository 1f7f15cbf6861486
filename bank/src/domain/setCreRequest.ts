/** What planSetCre needs to know about one ReqSetCre, gathered by the handler before any decision. */
import type { CredsPayload } from '@switchyard/contracts';

export type SetCreRequest = {
  /** Creds.type from the message: PIN_SET (with card details) or PIN_CHANGE (with the old PIN). */
  readonly credsType: string;
  /** The account the message names. */
  readonly acNum: string;
  /** The opened PIN block; undefined when it could not be opened. */
  readonly creds: CredsPayload | undefined;
};

export type SetCreDeclineCode = 'XH' | 'YE' | 'ZX' | 'XB' | 'AM' | 'Z6' | 'ZM';
