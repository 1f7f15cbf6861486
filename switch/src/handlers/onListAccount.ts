/**
 * upi.ReqListAccount.v1 → the bank owning link.ifsc (no such bank → FAILURE U28 at once);
 * upi.RespListAccount.v1 → back to the PSP that asked.
 */
import type { ReqListAccount, RespListAccount } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { MessageContext } from '@switchyard/outbox';
import { answerFor, listAccountRefusalOf, reheaded } from '../domain/forwardMessages.ts';
import { SwitchCodes } from '../domain/switchCodes.ts';
import { forwardRequest, returnAnswer } from './forwarding.ts';
import type { HandlerDeps } from './handlerDeps.ts';

export const onReqListAccount =
  (deps: HandlerDeps) =>
  async (tx: Tx, message: ReqListAccount, context: MessageContext): Promise<void> => {
    await forwardRequest(deps, tx, context, {
      kind: 'LIST_ACCOUNT',
      txnId: message.txn.id,
      orgId: message.head.orgId,
      requesterMessageId: message.head.msgId,
      target: deps.routes.bankForIfsc(message.link.ifsc),
      unroutableCode: SwitchCodes.REMITTER_BANK_UNAVAILABLE,
      forwarded: (stamp) => reheaded(message, stamp),
      refusal: (errCode, stamp) => listAccountRefusalOf(message, errCode, stamp),
    });
  };

export const onRespListAccount =
  (deps: HandlerDeps) =>
  async (tx: Tx, message: RespListAccount, context: MessageContext): Promise<void> => {
    await returnAnswer(deps, tx, context, {
      kind: 'LIST_ACCOUNT',
      txnId: message.txn.id,
      requestMessageId: message.resp.reqMsgId,
      answer: (requesterMessageId, stamp) => answerFor(message, requesterMessageId, stamp),
    });
  };
