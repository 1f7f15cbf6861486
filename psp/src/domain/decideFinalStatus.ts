import { Codes, type RespPayFinal } from '@switchyard/contracts';
import { mayStillChange, type Payment, type PaymentOutcome, type PaymentStatus } from './types.ts';

type NoticeReason =
  | 'duplicate_notice' // FAILURE U01 answering a message that is not our ReqPay: someone reused the txn id
  | 'foreign_request' // answers a message we did not send for this payment
  | 'already_final' // the payment already reached SUCCESS/FAILURE (but U33); first final answer wins
  | 'no_change'; // the same status and code again (DEEMED again)

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
 * changes it; PENDING and DEEMED may still move (DEEMED is resolved later), and FAILURE U33 (its reversal is
 * retried until the money is back, then answered again with the code it ends with); the rest never.
 * Everything else is recorded as a notice and leaves the payment alone.
 */
export const decideFinalStatus = (
  payment: PaymentOutcome & Pick<Payment, 'requestMessageId'>,
  response: RespPayFinal,
): FinalDecision => {
  const resp = response.resp;
  if (resp.reqMsgId !== payment.requestMessageId) {
    const duplicate = resp.result === 'FAILURE' && resp.errCode === Codes.DUPLICATE;
    return { kind: 'notice', reason: duplicate ? 'duplicate_notice' : 'foreign_request' };
  }
  if (!mayStillChange(payment)) return { kind: 'notice', reason: 'already_final' };
  if (payment.status === resp.status && payment.errCode === resp.errCode)
    return { kind: 'notice', reason: 'no_change' };
  return {
    kind: 'apply',
    status: resp.status,
    errCode: resp.errCode,
    legs: resp.refs,
    custRef: response.txn.custRef,
  };
};
