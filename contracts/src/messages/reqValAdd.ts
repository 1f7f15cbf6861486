/** ReqValAdd: validate a payee address; payer PSP → switch → payee PSP (same shape on both hops). */
import { Type, type Static } from 'typebox';
import { Head, Timestamp, TxnId, Vpa } from '../primitives.ts';

export const ReqValAdd = Type.Object(
  {
    type: Type.Literal('upi.ReqValAdd.v1'),
    head: Head,
    txn: Type.Object(
      { id: TxnId, ts: Timestamp, type: Type.Literal('ValAdd') },
      { additionalProperties: false },
    ),
    payer: Type.Object({ addr: Vpa }, { additionalProperties: false }),
    payee: Type.Object({ addr: Vpa }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type ReqValAdd = Static<typeof ReqValAdd>;
