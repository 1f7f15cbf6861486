/** What decideSetCre needs to know about one ReqSetCre, gathered by the handler. */
import type { CredsPayload } from '@switchyard/contracts';

export type SetCreRequest = {
  /** Creds.type from the message: PIN_SET (with card details) or PIN_CHANGE (with the old PIN). */
  credsType: string;
  /** The account the message names. */
  acNum: string;
  /** The opened PIN block; undefined when it could not be opened. */
  creds: CredsPayload | undefined;
  /** PIN_CHANGE only: the old PIN's comparison, made when precheckSetCre() asks for it. */
  oldPinCorrect?: boolean;
};

export type SetCreDeclineCode = 'XH' | 'YE' | 'ZX' | 'XB' | 'AM' | 'Z6' | 'ZM';
