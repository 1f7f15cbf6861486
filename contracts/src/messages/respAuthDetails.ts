/** RespAuthDetails: the payee's PSP answers with the payee's account, or a decline (ZH, ZG, UX …). */
import { Type, type Static } from 'typebox';
import { AccountRef, Code, Head, MsgId, PersonName, Result, TxnId, Vpa } from '../primitives.ts';

export const RespAuthDetails = Type.Object(
  {
    type: Type.Literal('upi.RespAuthDetails.v1'),
    head: Head,
    txn: Type.Object({ id: TxnId }, { additionalProperties: false }),
    resp: Type.Object(
      { reqMsgId: MsgId, result: Result, errCode: Type.Optional(Code) },
      { additionalProperties: false },
    ),
    payee: Type.Optional(
      Type.Object({ addr: Vpa, name: PersonName, ac: AccountRef }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);
export type RespAuthDetails = Static<typeof RespAuthDetails>;
