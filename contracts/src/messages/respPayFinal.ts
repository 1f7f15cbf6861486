/**
 * The final RespPay (type PAY): the switch's answer to the payer's PSP. `status` adds DEEMED to UPI's
 * SUCCESS/FAILURE: debit done, credit outcome unknown (docs/upi.md §6.1).
 */
import { Type, type Static } from 'typebox';
import { Code, Head, LegRef, MsgId, Result, Rrn, TxnId } from '../primitives.ts';

export const FinalStatus = Type.Union([
  Type.Literal('SUCCESS'),
  Type.Literal('FAILURE'),
  Type.Literal('DEEMED'),
]);
export type FinalStatus = Static<typeof FinalStatus>;

export const RespPayFinal = Type.Object(
  {
    type: Type.Literal('upi.RespPay.PAY.v1'),
    head: Head,
    txn: Type.Object(
      { id: TxnId, type: Type.Literal('PAY'), custRef: Type.Optional(Rrn) },
      { additionalProperties: false },
    ),
    resp: Type.Object(
      {
        reqMsgId: MsgId,
        result: Result,
        status: FinalStatus,
        errCode: Type.Optional(Code),
        refs: Type.Array(LegRef, { maxItems: 2 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type RespPayFinal = Static<typeof RespPayFinal>;
