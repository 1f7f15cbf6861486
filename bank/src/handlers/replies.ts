/**
 * The bank's reply messages. Every reply goes back to the sender of the request (the switch) through the
 * outbox, in the handler's transaction, with the UPI txn id as correlation id.
 */
import {
  headFor,
  newMessageId,
  type Head,
  type LegRef,
  type Message,
  type ReqPayCredit,
  type ReqPayDebit,
  type ReqPayReversal,
  type ReqAutoReversal,
  type ReqChkTxnCredit,
  type RespAutoReversal,
  type RespChkTxnCredit,
  type RespPayCredit,
  type RespPayDebit,
  type RespPayReversal,
} from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { MessageContext } from '@switchyard/outbox';
import type { HandlerDeps } from './handlerDeps.ts';

/** A leg's answer, as stored in `legs` and replayed to a repeated request. */
export type LegAnswer = {
  respCode: string;
  settAmountMinor: number;
  approvalNum: string | null;
  addr: string;
};

const headOf = (participant: string, messageId: string, now: Date): Head =>
  headFor(participant, messageId, now);

const respOf = (reqMsgId: string, type: LegRef['type'], answer: LegAnswer, successCodes = ['00']) => {
  const ref: LegRef = {
    type,
    seqNum: 1,
    addr: answer.addr,
    settAmountMinor: answer.settAmountMinor,
    respCode: answer.respCode,
  };
  if (answer.approvalNum !== null) ref.approvalNum = answer.approvalNum;
  const result = successCodes.includes(answer.respCode) ? ('SUCCESS' as const) : ('FAILURE' as const);
  return result === 'SUCCESS'
    ? { reqMsgId, result, ref }
    : { reqMsgId, result, errCode: answer.respCode, ref };
};

export const respPayDebit = (request: ReqPayDebit, answer: LegAnswer, head: Head): RespPayDebit => ({
  type: 'upi.RespPay.DEBIT.v1',
  head,
  txn: { id: request.txn.id, type: 'DEBIT', custRef: request.txn.custRef },
  resp: respOf(request.head.msgId, 'PAYER', answer),
});

export const respPayCredit = (request: ReqPayCredit, answer: LegAnswer, head: Head): RespPayCredit => ({
  type: 'upi.RespPay.CREDIT.v1',
  head,
  txn: { id: request.txn.id, type: 'CREDIT', custRef: request.txn.custRef },
  resp: respOf(request.head.msgId, 'PAYEE', answer),
});

export const respPayReversal = (request: ReqPayReversal, answer: LegAnswer, head: Head): RespPayReversal => ({
  type: 'upi.RespPay.REVERSAL.v1',
  head,
  txn: {
    id: request.txn.id,
    type: 'REVERSAL',
    subType: request.txn.subType,
    custRef: request.txn.custRef,
    orgTxnId: request.txn.orgTxnId,
  },
  resp: respOf(request.head.msgId, request.txn.subType === 'DEBIT' ? 'PAYER' : 'PAYEE', answer),
});

export const respAutoReversal = (
  request: ReqAutoReversal,
  answer: LegAnswer,
  head: Head,
): RespAutoReversal => ({
  type: 'upi.RespAutoReversal.v1',
  head,
  txn: { id: request.txn.id, custRef: request.txn.custRef, orgTxnId: request.txn.orgTxnId },
  resp: respOf(request.head.msgId, 'PAYER', answer),
});

/** CS (the credit stands) is the check's success; NC and 00 (reversed) say it does not. */
export const respChkTxnCredit = (
  request: ReqChkTxnCredit,
  answer: LegAnswer,
  head: Head,
): RespChkTxnCredit => ({
  type: 'upi.RespChkTxn.CREDIT.v1',
  head,
  txn: { id: request.txn.id, custRef: request.txn.custRef, orgTxnId: request.txn.orgTxnId },
  resp: respOf(request.head.msgId, 'PAYEE', answer, ['CS']),
});

export type ReplyDeps = Pick<HandlerDeps, 'participant' | 'outbox' | 'now'>;

/** Enqueues the reply built by `build(head)` to the request's sender, caused by the request. */
export const reply = async (
  deps: ReplyDeps,
  tx: Tx,
  context: MessageContext,
  correlationId: string,
  build: (head: Head) => Message,
): Promise<void> => {
  const messageId = newMessageId();
  const message = build(headOf(deps.participant, messageId, deps.now()));
  await deps.outbox.enqueue(tx, {
    recipient: context.sender,
    message,
    messageId,
    correlationId,
    causationId: context.messageId,
  });
};
