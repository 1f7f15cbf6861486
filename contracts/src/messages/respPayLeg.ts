/**
 * RespPay for a bank leg (DEBIT, CREDIT, REVERSAL): the bank's answer, one LegRef with its respCode.
 * A reversal answers 00 (reversed), NC/ND (not done), OC/OD (original not found), CS (credit stands) or 96.
 */
import { Type, type Static } from 'typebox';
import { Code, Head, LegRef, MsgId, Result, Rrn, TxnId } from '../primitives.ts';

const legResponse = <T extends string, L extends string>(type: T, leg: L) =>
  Type.Object(
    {
      type: Type.Literal(type),
      head: Head,
      txn: Type.Object({ id: TxnId, type: Type.Literal(leg), custRef: Rrn }, { additionalProperties: false }),
      resp: Type.Object(
        { reqMsgId: MsgId, result: Result, errCode: Type.Optional(Code), ref: LegRef },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  );

export const RespPayDebit = legResponse('upi.RespPay.DEBIT.v1', 'DEBIT');
export type RespPayDebit = Static<typeof RespPayDebit>;
export const RespPayCredit = legResponse('upi.RespPay.CREDIT.v1', 'CREDIT');
export type RespPayCredit = Static<typeof RespPayCredit>;
export const RespPayReversal = Type.Object(
  {
    type: Type.Literal('upi.RespPay.REVERSAL.v1'),
    head: Head,
    txn: Type.Object(
      {
        id: TxnId,
        type: Type.Literal('REVERSAL'),
        subType: Type.Union([Type.Literal('DEBIT'), Type.Literal('CREDIT')]),
        custRef: Rrn,
        orgTxnId: TxnId,
      },
      { additionalProperties: false },
    ),
    resp: Type.Object(
      { reqMsgId: MsgId, result: Result, errCode: Type.Optional(Code), ref: LegRef },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type RespPayReversal = Static<typeof RespPayReversal>;
