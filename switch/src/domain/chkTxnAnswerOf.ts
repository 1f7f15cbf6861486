/**
 * ReqChkTxn → the payment's status (docs/upi.md §6.3). Only the payment's own PSPs learn it; for anyone else,
 * and for an unknown txn id, the answer is FAILURE U48 (txn id not present — the leg-level answer would be
 * NO, but no leg exists to carry it). In flight → PENDING.
 */
import type { LegRef, Result, TxnStatus } from '@switchyard/contracts';
import { isTerminal, type PaymentState } from './payment.ts';
import { finalAnswerOf } from './finalAnswerOf.ts';
import { SwitchCodes } from './switchCodes.ts';

export type ChkTxnAnswer = {
  result: Result;
  status: TxnStatus;
  errCode?: string;
  refs: LegRef[];
  custRef?: string;
};

export const chkTxnAnswerOf = (state: PaymentState, asker: string): ChkTxnAnswer => {
  const notPresent: ChkTxnAnswer = {
    result: 'FAILURE',
    status: 'FAILURE',
    errCode: SwitchCodes.TXN_NOT_PRESENT,
    refs: [],
  };
  if (state.status === 'NEW') return notPresent;
  const { payment } = state;
  const asksOwnPayment =
    asker === payment.payerPsp || (asker === payment.payeePsp && payment.legs.AUTH !== undefined);
  if (!asksOwnPayment) return notPresent;
  if (!isTerminal(state.status) || !('final' in state)) {
    const pending: ChkTxnAnswer = { result: 'SUCCESS', status: 'PENDING', refs: [] };
    if (payment.rrn !== undefined) pending.custRef = payment.rrn;
    return pending;
  }
  const answer = finalAnswerOf(payment, state.final);
  const chk: ChkTxnAnswer = { result: answer.result, status: answer.status, refs: answer.refs };
  if (answer.errCode !== undefined) chk.errCode = answer.errCode;
  if (answer.custRef !== undefined) chk.custRef = answer.custRef;
  return chk;
};
