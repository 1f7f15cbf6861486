/** ReqPay type CREDIT: sent to the beneficiary bank only after a successful debit (docs/upi.md §4 step 4). */
import { Type, type Static } from 'typebox';
import { AccountRef, Amount, Head, Note, PersonName, Rrn, Timestamp, TxnId, Vpa } from '../primitives.ts';

export const ReqPayCredit = Type.Object(
  {
    type: Type.Literal('upi.ReqPay.CREDIT.v1'),
    head: Head,
    txn: Type.Object(
      { id: TxnId, ts: Timestamp, type: Type.Literal('CREDIT'), custRef: Rrn, note: Note },
      { additionalProperties: false },
    ),
    payer: Type.Object({ addr: Vpa, name: PersonName }, { additionalProperties: false }),
    payee: Type.Object({ addr: Vpa, name: PersonName, ac: AccountRef }, { additionalProperties: false }),
    amount: Amount,
  },
  { additionalProperties: false },
);
export type ReqPayCredit = Static<typeof ReqPayCredit>;
