/** RespValAdd: the verified payee name (or a decline); payee PSP → switch → payer PSP. */
import { Type, type Static } from 'typebox';
import { Code, Head, Ifsc, MsgId, PersonName, Result, TxnId, Vpa } from '../primitives.ts';

export const RespValAdd = Type.Object(
  {
    type: Type.Literal('upi.RespValAdd.v1'),
    head: Head,
    txn: Type.Object({ id: TxnId }, { additionalProperties: false }),
    resp: Type.Object(
      { reqMsgId: MsgId, result: Result, errCode: Type.Optional(Code) },
      { additionalProperties: false },
    ),
    payee: Type.Optional(
      Type.Object({ addr: Vpa, name: PersonName, ifsc: Ifsc }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);
export type RespValAdd = Static<typeof RespValAdd>;
