/**
 * ReqPay type REVERSAL: undo (or learn the fate of) a leg after a timeout or a failed credit
 * (docs/upi.md §6.1). subType DEBIT goes to the remitter bank, CREDIT to the beneficiary bank.
 */
import { Type, type Static } from 'typebox';
import { AccountRef, Amount, Code, Head, Rrn, Timestamp, TxnId } from '../primitives.ts';

export const ReqPayReversal = Type.Object(
  {
    type: Type.Literal('upi.ReqPay.REVERSAL.v1'),
    head: Head,
    txn: Type.Object(
      {
        id: TxnId,
        ts: Timestamp,
        type: Type.Literal('REVERSAL'),
        subType: Type.Union([Type.Literal('DEBIT'), Type.Literal('CREDIT')]),
        custRef: Rrn,
        orgTxnId: TxnId,
        orgRespCode: Code,
      },
      { additionalProperties: false },
    ),
    ac: AccountRef,
    amount: Amount,
  },
  { additionalProperties: false },
);
export type ReqPayReversal = Static<typeof ReqPayReversal>;
