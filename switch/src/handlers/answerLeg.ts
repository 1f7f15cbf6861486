/**
 * What the bank-answer handlers share (onRespPayDebit, onRespPayCredit, onRespPayReversal — docs/upi.md §4
 * steps 3–4, §6.1 — and the resolution's onRespChkTxnCredit, onRespAutoReversal): a bank's answer to a leg
 * becomes an AnswerLeg command, by its LegRef respCode. A REVERSAL's subType names the leg it reverses.
 */
import type {
  RespAutoReversal,
  RespChkTxnCredit,
  RespPayCredit,
  RespPayDebit,
  RespPayReversal,
} from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { MessageContext } from '@switchyard/outbox';
import type { AnswerLeg } from '../domain/paymentCommands.ts';
import { policyOf, type HandlerDeps } from './handlerDeps.ts';
import { runPaymentCommand } from './runPaymentCommand.ts';

type LegResponse = RespPayDebit | RespPayCredit | RespPayReversal | RespChkTxnCredit | RespAutoReversal;

const legOf = (message: LegResponse): AnswerLeg['leg'] => {
  switch (message.type) {
    case 'upi.RespPay.DEBIT.v1':
      return 'DEBIT';
    case 'upi.RespPay.CREDIT.v1':
      return 'CREDIT';
    case 'upi.RespPay.REVERSAL.v1':
      return message.txn.subType === 'DEBIT' ? 'DEBIT_REVERSAL' : 'CREDIT_REVERSAL';
    case 'upi.RespChkTxn.CREDIT.v1':
      return 'CREDIT_CHECK';
    case 'upi.RespAutoReversal.v1':
      return 'AUTO_REVERSAL';
  }
};

export const answerLeg = async (
  deps: HandlerDeps,
  tx: Tx,
  message: LegResponse,
  context: MessageContext,
): Promise<void> => {
  const command: AnswerLeg = {
    type: 'AnswerLeg',
    policy: policyOf(deps),
    leg: legOf(message),
    sender: context.sender,
    requestMessageId: message.resp.reqMsgId,
    result: message.resp.result,
    respCode: message.resp.ref.respCode,
    nextMessageId: deps.newMessageId(),
  };
  if (message.resp.ref.approvalNum !== undefined) command.approvalNum = message.resp.ref.approvalNum;
  await runPaymentCommand(deps, tx, message.txn.id, context, { command });
};
