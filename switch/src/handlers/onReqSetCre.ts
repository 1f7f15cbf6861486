/** upi.ReqSetCre.v1 → the bank owning payer.ac.ifsc, the PIN block untouched (no such bank → FAILURE U28 at once). */
import type { HandlerEntry } from '@switchyard/outbox';
import { reheaded, setCreRefusalOf } from '../domain/forwardMessages.ts';
import { SwitchCodes } from '../domain/switchCodes.ts';
import { forwardRequest } from './forwarding.ts';
import type { HandlerDeps } from './handlerDeps.ts';

export const onReqSetCre = (deps: HandlerDeps): HandlerEntry<'upi.ReqSetCre.v1'> => ({
  name: 'switch.onReqSetCre',
  async handle(tx, message, context) {
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
  },
});
