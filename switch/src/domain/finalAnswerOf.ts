/**
 * The final answer of a completed payment, as the payer's PSP (RespPay) and the payee's PSP
 * (ReqTxnConfirmation) see it: result, status, errCode and one Ref per leg that was attempted.
 * A leg's settled amount is what the switch believes it moved net of reversals; a leg whose code is not
 * 00 settles 0 (E14).
 */
import type { FinalStatus, LegRef, Result } from '@switchyard/contracts';
import type { FinalOutcome, Payment } from './payment.ts';

export type FinalAnswer = {
  result: Result;
  status: FinalStatus;
  errCode?: string;
  refs: LegRef[];
  custRef?: string;
};

const ref = (
  type: LegRef['type'],
  addr: string,
  respCode: string,
  netMinor: number,
  approvalNum: string | undefined,
): LegRef => {
  const legRef: LegRef = {
    type,
    seqNum: 1,
    addr,
    settAmountMinor: respCode === '00' ? Math.max(netMinor, 0) : 0,
    respCode,
  };
  if (respCode === '00' && approvalNum !== undefined) legRef.approvalNum = approvalNum;
  return legRef;
};

export const finalAnswerOf = (payment: Payment, final: FinalOutcome): FinalAnswer => {
  const refs: LegRef[] = [];
  const { money, legs } = payment;
  const payerCode = final.payerRespCode ?? legs.DEBIT?.respCode;
  if (payerCode !== undefined) {
    refs.push(
      ref(
        'PAYER',
        payment.payer.addr,
        payerCode,
        money.debitedMinor - money.debitReversedMinor,
        legs.DEBIT?.approvalNum,
      ),
    );
  }
  const payeeCode = final.payeeRespCode ?? legs.CREDIT?.respCode;
  if (payeeCode !== undefined) {
    refs.push(
      ref(
        'PAYEE',
        payment.payee.addr,
        payeeCode,
        money.creditedMinor - money.creditReversedMinor,
        legs.CREDIT?.approvalNum,
      ),
    );
  }
  const answer: FinalAnswer = { result: final.result, status: final.finalStatus, refs };
  if (final.errCode !== undefined) answer.errCode = final.errCode;
  if (payment.rrn !== undefined) answer.custRef = payment.rrn;
  return answer;
};
