/**
 * upi.ReqSetCre.v1 → the bank owning payer.ac.ifsc, the PIN block untouched (no such bank → FAILURE U28
 * at once); upi.RespSetCre.v1 → back to the PSP that asked.
 */
import type { ReqSetCre, RespSetCre } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { MessageContext } from '@switchyard/outbox';
import { answerFor, reheaded, setCreRefusalOf } from '../domain/forwardMessages.ts';
import { SwitchCodes } from '../domain/switchCodes.ts';
import { forwardRequest, returnAnswer } from './forwarding.ts';
import type { HandlerDeps } from './handlerDeps.ts';

export const onReqSetCre =
  (deps: HandlerDeps) =>
  async (tx: Tx, message: ReqSetCre, context: MessageContext): Promise<void> => {
    await forwardRequest(deps, tx, context, {
      kind: 'SET_CRE',
      txnId: message.txn.id,
      orgId: message.head.orgId,
      requesterMessageId: message.head.msgId,
      payerAddr: message.payer.addr,
      target: deps.routes.bankForIfsc(message.payer.ac.ifsc),
      unroutableCode: SwitchCodes.REMITTER_BANK_UNAVAILABLE,
      forwarded: (stamp) => reheaded(message, stamp),
      refusal: (errCode, stamp) => setCreRefusalOf(message, errCode, stamp),
    });
  };

export const onRespSetCre =
  (deps: HandlerDeps) =>
  async (tx: Tx, message: RespSetCre, context: MessageContext): Promise<void> => {
    await returnAnswer(deps, tx, context, {
      kind: 'SET_CRE',
      txnId: message.txn.id,
      requestMessageId: message.resp.reqMsgId,
      answer: (requesterMessageId, stamp) => answerFor(message, requesterMessageId, stamp),
    });
  };
