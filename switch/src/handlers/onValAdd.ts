/**
 * upi.ReqValAdd.v1 → the payee's PSP (unknown handle → RespValAdd FAILURE ZH at once);
 * upi.RespValAdd.v1 → back to the PSP that asked.
 */
import type { ReqValAdd, RespValAdd } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { MessageContext } from '@switchyard/outbox';
import { answerFor, reheaded, valAddRefusalOf } from '../domain/forwardMessages.ts';
import { SwitchCodes } from '../domain/switchCodes.ts';
import { forwardRequest, returnAnswer } from './forwarding.ts';
import type { HandlerDeps } from './handlerDeps.ts';

export const onReqValAdd =
  (deps: HandlerDeps) =>
  async (tx: Tx, message: ReqValAdd, context: MessageContext): Promise<void> => {
    await forwardRequest(deps, tx, context, {
      kind: 'VALADD',
      txnId: message.txn.id,
      orgId: message.head.orgId,
      requesterMessageId: message.head.msgId,
      payerAddr: message.payer.addr,
      target: deps.routes.pspForVpa(message.payee.addr)?.id,
      unroutableCode: SwitchCodes.INVALID_VPA,
      forwarded: (stamp) => reheaded(message, stamp),
      refusal: (errCode, stamp) => valAddRefusalOf(message, errCode, stamp),
    });
  };

export const onRespValAdd =
  (deps: HandlerDeps) =>
  async (tx: Tx, message: RespValAdd, context: MessageContext): Promise<void> => {
    await returnAnswer(deps, tx, context, {
      kind: 'VALADD',
      txnId: message.txn.id,
      requestMessageId: message.resp.reqMsgId,
      answer: (requesterMessageId, stamp) => answerFor(message, requesterMessageId, stamp),
    });
  };
