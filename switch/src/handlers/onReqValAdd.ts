/** upi.ReqValAdd.v1 → the payee's PSP (unknown handle → RespValAdd FAILURE ZH at once). */
import type { HandlerEntry } from '@switchyard/outbox';
import { reheaded, valAddRefusalOf } from '../domain/forwardMessages.ts';
import { SwitchCodes } from '../domain/switchCodes.ts';
import { forwardRequest } from './forwarding.ts';
import type { HandlerDeps } from './handlerDeps.ts';

export const onReqValAdd = (deps: HandlerDeps): HandlerEntry<'upi.ReqValAdd.v1'> => ({
  name: 'switch.onReqValAdd',
  async handle(tx, message, context) {
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
  },
});
