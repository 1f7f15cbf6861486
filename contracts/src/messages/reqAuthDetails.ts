/**
 * ReqAuthDetails: the switch asks the payee's PSP to resolve the payee VPA to an account (docs/upi.md §4
 * step 2).
 */
import { Type, type Static } from 'typebox';
import { Amount, Head, PersonName, Timestamp, TxnId, Vpa } from '../primitives.ts';

export const ReqAuthDetails = Type.Object(
  {
    type: Type.Literal('upi.ReqAuthDetails.v1'),
    head: Head,
    txn: Type.Object(
      { id: TxnId, ts: Timestamp, type: Type.Literal('PAY') },
      { additionalProperties: false },
    ),
    payer: Type.Object({ addr: Vpa, name: PersonName }, { additionalProperties: false }),
    payee: Type.Object({ addr: Vpa }, { additionalProperties: false }),
    amount: Amount,
  },
  { additionalProperties: false },
);
export type ReqAuthDetails = Static<typeof ReqAuthDetails>;
