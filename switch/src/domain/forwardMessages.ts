/**
 * Messages the switch relays without owning their state (ReqValAdd, ReqListAccount, ReqSetCre, ReqOtp and their
 * answers): the same body under the switch's own head, and the refusals it answers itself.
 */
import type {
  ReqChkTxn,
  RespChkTxn,
  RespListAccount,
  RespOtp,
  RespSetCre,
  RespValAdd,
} from '@switchyard/contracts';
import type { ChkTxnAnswer } from './chkTxnAnswerOf.ts';
import { headOf, type Stamp } from './paymentMessages.ts';

type Headed = { head: { msgId: string } };
/** What a refusal needs of the request it answers (the request itself, or its forward's record). */
export type RequestRef = { txn: { id: string }; head: { msgId: string } };

/** The message under a fresh head: the switch is the sender of every hop it relays. */
export const reheaded = <M extends Headed>(message: M, stamp: Stamp): M => ({
  ...message,
  head: headOf(stamp),
});

/** An answer relayed back: fresh head, and resp.reqMsgId pointing at the requester's own message. */
export const answerFor = <M extends Headed & { resp: { reqMsgId: string } }>(
  message: M,
  requesterMessageId: string,
  stamp: Stamp,
): M => ({
  ...message,
  head: headOf(stamp),
  resp: { ...message.resp, reqMsgId: requesterMessageId },
});

export const valAddRefusalOf = (request: RequestRef, errCode: string, stamp: Stamp): RespValAdd => ({
  type: 'upi.RespValAdd.v1',
  head: headOf(stamp),
  txn: { id: request.txn.id },
  resp: { reqMsgId: request.head.msgId, result: 'FAILURE', errCode },
});

export const listAccountRefusalOf = (
  request: RequestRef,
  errCode: string,
  stamp: Stamp,
): RespListAccount => ({
  type: 'upi.RespListAccount.v1',
  head: headOf(stamp),
  txn: { id: request.txn.id },
  resp: { reqMsgId: request.head.msgId, result: 'FAILURE', errCode },
  accounts: [],
});

export const setCreRefusalOf = (request: RequestRef, errCode: string, stamp: Stamp): RespSetCre => ({
  type: 'upi.RespSetCre.v1',
  head: headOf(stamp),
  txn: { id: request.txn.id },
  resp: { reqMsgId: request.head.msgId, result: 'FAILURE', errCode },
});

export const otpRefusalOf = (request: RequestRef, errCode: string, stamp: Stamp): RespOtp => ({
  type: 'upi.RespOtp.v1',
  head: headOf(stamp),
  txn: { id: request.txn.id },
  resp: { reqMsgId: request.head.msgId, result: 'FAILURE', errCode },
});

export const respChkTxnOf = (request: ReqChkTxn, answer: ChkTxnAnswer, stamp: Stamp): RespChkTxn => {
  const message: RespChkTxn = {
    type: 'upi.RespChkTxn.v1',
    head: headOf(stamp),
    txn: { id: request.txn.id, orgTxnId: request.txn.orgTxnId },
    resp: { reqMsgId: request.head.msgId, result: answer.result, status: answer.status, refs: answer.refs },
  };
  if (answer.custRef !== undefined) message.txn.custRef = answer.custRef;
  if (answer.errCode !== undefined) message.resp.errCode = answer.errCode;
  return message;
};
