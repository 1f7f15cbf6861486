/**
 * ReqPay type DEBIT: the switch asks the remitter bank to verify the PIN and debit (docs/upi.md §4 step 3).
 */
import { Type, type Static } from 'typebox';
import {
  AccountRef,
  Amount,
  Creds,
  Head,
  Note,
  PersonName,
  Rrn,
  Timestamp,
  TxnId,
  Vpa,
} from '../primitives.ts';

export const ReqPayDebit = Type.Object(
  {
    type: Type.Literal('upi.ReqPay.DEBIT.v1'),
    head: Head,
    txn: Type.Object(
      { id: TxnId, ts: Timestamp, type: Type.Literal('DEBIT'), custRef: Rrn, note: Note },
      { additionalProperties: false },
    ),
    payer: Type.Object(
      { addr: Vpa, name: PersonName, ac: AccountRef, creds: Creds },
      { additionalProperties: false },
    ),
    payee: Type.Object({ addr: Vpa, name: PersonName }, { additionalProperties: false }),
    amount: Amount,
  },
  { additionalProperties: false },
);
export type ReqPayDebit = Static<typeof ReqPayDebit>;
