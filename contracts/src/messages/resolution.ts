/**
 * The switch's resolution exchanges with the banks (docs/upi.md §6.5), after an uncertain answer:
 * - ReqChkTxn CREDIT (switch → beneficiary bank): does the credit of `orgTxnId` stand? The bank settles it
 *   for good and answers CS (credited: TCC, the payment succeeds) or NC (not credited, or reversed: RET,
 *   the money goes back to the payer).
 * - ReqAutoReversal (switch → remitter bank): the payment did not complete and the debit reversal went
 *   unanswered; the bank reverses the debit if it stands (its auto-reversal duty within T+1) and answers
 *   00 (reversed) or ND (no debit to reverse). Idempotent per (txn, leg) at the bank, like a reversal.
 */
import { Type, type Static } from 'typebox';
import {
  AccountRef,
  Amount,
  Head,
  LegRef,
  MsgId,
  Result,
  Rrn,
  Timestamp,
  TxnId,
  Code,
} from '../primitives.ts';

const request = <T extends string, K extends string>(type: T, txnType: K) =>
  Type.Object(
    {
      type: Type.Literal(type),
      head: Head,
      txn: Type.Object(
        { id: TxnId, ts: Timestamp, type: Type.Literal(txnType), custRef: Rrn, orgTxnId: TxnId },
        { additionalProperties: false },
      ),
      ac: AccountRef,
      amount: Amount,
    },
    { additionalProperties: false },
  );

const response = <T extends string>(type: T) =>
  Type.Object(
    {
      type: Type.Literal(type),
      head: Head,
      txn: Type.Object({ id: TxnId, custRef: Rrn, orgTxnId: TxnId }, { additionalProperties: false }),
      resp: Type.Object(
        { reqMsgId: MsgId, result: Result, errCode: Type.Optional(Code), ref: LegRef },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  );

export const ReqChkTxnCredit = request('upi.ReqChkTxn.CREDIT.v1', 'ChkTxn');
export type ReqChkTxnCredit = Static<typeof ReqChkTxnCredit>;
export const RespChkTxnCredit = response('upi.RespChkTxn.CREDIT.v1');
export type RespChkTxnCredit = Static<typeof RespChkTxnCredit>;
export const ReqAutoReversal = request('upi.ReqAutoReversal.v1', 'REVERSAL');
export type ReqAutoReversal = Static<typeof ReqAutoReversal>;
export const RespAutoReversal = response('upi.RespAutoReversal.v1');
export type RespAutoReversal = Static<typeof RespAutoReversal>;
