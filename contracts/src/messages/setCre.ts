/** ReqSetCre / RespSetCre: set or change a UPI PIN. The creds block is sealed for the account's bank. */
import { Type, type Static } from 'typebox';
import { AccountRef, Code, Creds, Head, MsgId, Result, Timestamp, TxnId, Vpa } from '../primitives.ts';

export const ReqSetCre = Type.Object(
  {
    type: Type.Literal('upi.ReqSetCre.v1'),
    head: Head,
    txn: Type.Object(
      { id: TxnId, ts: Timestamp, type: Type.Literal('SetCre') },
      { additionalProperties: false },
    ),
    payer: Type.Object({ addr: Vpa, ac: AccountRef, creds: Creds }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type ReqSetCre = Static<typeof ReqSetCre>;

export const RespSetCre = Type.Object(
  {
    type: Type.Literal('upi.RespSetCre.v1'),
    head: Head,
    txn: Type.Object({ id: TxnId }, { additionalProperties: false }),
    resp: Type.Object(
      { reqMsgId: MsgId, result: Result, errCode: Type.Optional(Code) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type RespSetCre = Static<typeof RespSetCre>;
