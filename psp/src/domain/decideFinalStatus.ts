import { Codes, type RespPayFinal } from '@switchyard/contracts';
import type { Payment, PaymentStatus } from './types.ts';
import { isFinalStatus } from './types.ts';

type NoticeReason =
  | 'duplicate_notice' // FAILURE U01 answering a message that is not our ReqPay: someone reused the txn id
  | 'foreign_request' // answers a message we did not send for this payment
  | 'already_final' // the payment already reached SUCCESS/FAILURE; first final answer wins
  | 'no_change'; // DEEMED again

export type FinalDecision =
  | {
      kind: 'apply';
      status: Exclude<PaymentStatus, 'PENDING'>;
      errCode: string | undefined;
      legs: RespPayFinal['resp']['refs'];
      custRef: string | undefined;
    }
  | { kind: 'notice'; reason: NoticeReason };

/**
 * What a final RespPay does to our payment. Only an answer to our own ReqPay (requestMessageId = its msgId)
 * changes it; PENDING and DEEMED may still move (DEEMED is resolved later), SUCCESS and FAILURE never.
 * Everything else is recorded as a notice and leaves the payment alone.
 */
export const decideFinalStatus = (
  payment: Pick<Payment, 'status' | 'requestMessageId'>,
  response: RespPayFinal,
): FinalDecision => {
  const resp = response.resp;
  if (resp.reqMsgId !== payment.requestMessageId) {
    const duplicate = resp.result === 'FAILURE' && resp.errCode === Codes.DUPLICATE;
    return { kind: 'notice', reason: duplicate ? 'duplicate_notice' : 'foreign_request' };
  }
  if (isFinalStatus(payment.status)) return { kind: 'notice', reason: 'already_final' };
  if (payment.status === 'DEEMED' && resp.status === 'DEEMED') return { kind: 'notice', reason: 'no_change' };
  return {
    kind: 'apply',
    status: resp.status,
    errCode: resp.errCode,
    legs: resp.refs,
    custRef: response.txn.custRef,
  };
};
