/**
 * ReqOtp / RespOtp (UPI's ReqOtp): before a PIN is set with the debit-card details, the PSP asks the
 * account's bank (through the switch) to send a one-time code by SMS to the mobile the bank has on record
 * for the account. The code itself never travels in these messages: it reaches the customer's phone only,
 * and comes back to the bank inside the PIN_SET creds block, sealed for the bank.
 */
import { Type, type Static } from 'typebox';
import {
  AccountRef,
  Code,
  DeviceId,
  Head,
  Mobile,
  MsgId,
  Result,
  Timestamp,
  TxnId,
  Vpa,
} from '../primitives.ts';

export const ReqOtp = Type.Object(
  {
    type: Type.Literal('upi.ReqOtp.v1'),
    head: Head,
    txn: Type.Object(
      { id: TxnId, ts: Timestamp, type: Type.Literal('Otp') },
      { additionalProperties: false },
    ),
    payer: Type.Object(
      {
        addr: Vpa,
        ac: AccountRef,
        /** The customer's device: `mobile` is the number the PSP verified; the bank checks it is the account's. */
        device: Type.Object({ mobile: Mobile, id: DeviceId }, { additionalProperties: false }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type ReqOtp = Static<typeof ReqOtp>;

export const RespOtp = Type.Object(
  {
    type: Type.Literal('upi.RespOtp.v1'),
    head: Head,
    txn: Type.Object({ id: TxnId }, { additionalProperties: false }),
    resp: Type.Object(
      { reqMsgId: MsgId, result: Result, errCode: Type.Optional(Code) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type RespOtp = Static<typeof RespOtp>;
