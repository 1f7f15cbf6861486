/** ReqPay type PAY: the payer's PSP starts a push payment at the switch (docs/upi.md §4 step 1). */
import { Type, type Static } from 'typebox';
import {
  AccountRef,
  Amount,
  Creds,
  DeviceId,
  Head,
  Mobile,
  Note,
  PersonName,
  RefId,
  Timestamp,
  TxnId,
  Vpa,
} from '../primitives.ts';

export const ReqPayPay = Type.Object(
  {
    type: Type.Literal('upi.ReqPay.PAY.v1'),
    head: Head,
    txn: Type.Object(
      {
        id: TxnId,
        note: Note,
        ts: Timestamp,
        type: Type.Literal('PAY'),
        refId: Type.Optional(RefId),
      },
      { additionalProperties: false },
    ),
    payer: Type.Object(
      {
        addr: Vpa,
        name: PersonName,
        ac: AccountRef,
        creds: Creds,
        device: Type.Object({ mobile: Mobile, id: DeviceId }, { additionalProperties: false }),
      },
      { additionalProperties: false },
    ),
    payee: Type.Object({ addr: Vpa }, { additionalProperties: false }),
    amount: Amount,
  },
  { additionalProperties: false },
);
export type ReqPayPay = Static<typeof ReqPayPay>;
