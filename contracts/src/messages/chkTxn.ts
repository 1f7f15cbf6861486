/** ReqChkTxn / RespChkTxn: a PSP asks the switch for a payment's status (docs/upi.md §6.3). */
import { Type, type Static } from 'typebox';
import { Code, Head, LegRef, MsgId, Result, Rrn, Timestamp, TxnId } from '../primitives.ts';

export const ReqChkTxn = Type.Object(
  {
    type: Type.Literal('upi.ReqChkTxn.v1'),
    head: Head,
    txn: Type.Object(
      {
        id: TxnId,
        ts: Timestamp,
        type: Type.Literal('ChkTxn'),
        orgTxnId: TxnId,
        orgTxnDate: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type ReqChkTxn = Static<typeof ReqChkTxn>;

export const TxnStatus = Type.Union([
  Type.Literal('SUCCESS'),
  Type.Literal('FAILURE'),
  Type.Literal('PENDING'),
  Type.Literal('DEEMED'),
]);
export type TxnStatus = Static<typeof TxnStatus>;

export const RespChkTxn = Type.Object(
  {
    type: Type.Literal('upi.RespChkTxn.v1'),
    head: Head,
    txn: Type.Object(
      { id: TxnId, orgTxnId: TxnId, custRef: Type.Optional(Rrn) },
      { additionalProperties: false },
    ),
    resp: Type.Object(
      {
        reqMsgId: MsgId,
        result: Result,
        status: TxnStatus,
        errCode: Type.Optional(Code),
        refs: Type.Array(LegRef, { maxItems: 2 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type RespChkTxn = Static<typeof RespChkTxn>;
