import { headFor, isoTimestamp, type ReqOtp } from '@switchyard/contracts';
import type { User, VpaRecord } from '../types.ts';

/**
 * ReqOtp: ask the bank of the account behind `vpa` to send the one-time code for a PIN set by SMS to its
 * registered mobile; the device block names the mobile this PSP verified (the bank checks they agree).
 */
export const reqOtpFor = (input: {
  participant: string;
  messageId: string;
  now: Date;
  txnId: string;
  user: User;
  vpa: VpaRecord;
}): ReqOtp => ({
  type: 'upi.ReqOtp.v1',
  head: headFor(input.participant, input.messageId, input.now),
  txn: { id: input.txnId, ts: isoTimestamp(input.now), type: 'Otp' },
  payer: {
    addr: input.vpa.vpa,
    ac: { acNum: input.vpa.acNum, ifsc: input.vpa.ifsc },
    device: { mobile: input.user.mobile, id: input.user.deviceId },
  },
});
