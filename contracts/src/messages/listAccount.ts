/** ReqListAccount / RespListAccount: a PSP discovers a customer's accounts at a bank by mobile, via the switch. */
import { Type, type Static } from 'typebox';
import {
  AccountNumber,
  Code,
  Head,
  Ifsc,
  Mobile,
  MsgId,
  PersonName,
  Result,
  Timestamp,
  TxnId,
} from '../primitives.ts';

export const ReqListAccount = Type.Object(
  {
    type: Type.Literal('upi.ReqListAccount.v1'),
    head: Head,
    txn: Type.Object(
      { id: TxnId, ts: Timestamp, type: Type.Literal('ListAccount') },
      { additionalProperties: false },
    ),
    link: Type.Object({ mobile: Mobile, ifsc: Ifsc }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type ReqListAccount = Static<typeof ReqListAccount>;

export const ListedAccount = Type.Object(
  {
    acNum: AccountNumber,
    ifsc: Ifsc,
    name: PersonName,
    acType: Type.Union([Type.Literal('SAVINGS'), Type.Literal('CURRENT')]),
    pinSet: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ListedAccount = Static<typeof ListedAccount>;

export const RespListAccount = Type.Object(
  {
    type: Type.Literal('upi.RespListAccount.v1'),
    head: Head,
    txn: Type.Object({ id: TxnId }, { additionalProperties: false }),
    resp: Type.Object(
      { reqMsgId: MsgId, result: Result, errCode: Type.Optional(Code) },
      { additionalProperties: false },
    ),
    accounts: Type.Array(ListedAccount, { maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type RespListAccount = Static<typeof RespListAccount>;
