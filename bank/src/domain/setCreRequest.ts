/** What planSetCre needs to know about one ReqSetCre, gathered by the handler before any decision. */
import type { CredsPayload } from '@switchyard/contracts';
import type { OtpRecord } from './otpPolicy.ts';

export type SetCreRequest = {
  /** Creds.type from the message: PIN_SET (with card details and the OTP) or PIN_CHANGE (with the old PIN). */
  readonly credsType: string;
  /** The account the message names. */
  readonly acNum: string;
  /** The opened PIN block; undefined when it could not be opened. */
  readonly creds: CredsPayload | undefined;
  /** The account's live one-time code (ReqOtp), if any: what a PIN_SET's code is compared with. */
  readonly otp: OtpRecord | undefined;
};

export type SetCreDeclineCode = 'XH' | 'YE' | 'ZX' | 'XB' | 'AM' | 'Z6' | 'ZM' | 'XN' | 'ZR' | 'ZS' | 'ZT';
