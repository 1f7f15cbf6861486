/**
 * ReqTxnConfirmation / RespTxnConfirmation: the switch tells the payee's PSP the outcome (docs/upi.md §4
 * step 6).
 */
import { Type, type Static } from 'typebox';
import { Amount, Code, Head, LegRef, MsgId, Result, Rrn, TxnId, Vpa } from '../primitives.ts';
import { FinalStatus } from './respPayFinal.ts';

export const ReqTxnConfirmation = Type.Object(
  {
    type: Type.Literal('upi.ReqTxnConfirmation.v1'),
    head: Head,
    txn: Type.Object(
      { id: TxnId, type: Type.Literal('PAY'), custRef: Type.Optional(Rrn) },
      { additionalProperties: false },
    ),
    payer: Type.Object({ addr: Vpa }, { additionalProperties: false }),
    payee: Type.Object({ addr: Vpa }, { additionalProperties: false }),
    amount: Amount,
    status: Type.Object(
      {
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
export type ReqTxnConfirmation = Static<typeof ReqTxnConfirmation>;

export const RespTxnConfirmation = Type.Object(
  {
    type: Type.Literal('upi.RespTxnConfirmation.v1'),
    head: Head,
    txn: Type.Object({ id: TxnId }, { additionalProperties: false }),
    resp: Type.Object({ reqMsgId: MsgId, result: Result }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type RespTxnConfirmation = Static<typeof RespTxnConfirmation>;
