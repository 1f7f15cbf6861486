/** upi.ReqListAccount.v1 → the bank owning link.ifsc (no such bank → FAILURE U28 at once). */
import type { HandlerEntry } from '@switchyard/outbox';
import { listAccountRefusalOf, reheaded } from '../domain/forwardMessages.ts';
import { SwitchCodes } from '../domain/switchCodes.ts';
import { forwardRequest } from './forwarding.ts';
import type { HandlerDeps } from './handlerDeps.ts';

export const onReqListAccount = (deps: HandlerDeps): HandlerEntry<'upi.ReqListAccount.v1'> => ({
  name: 'switch.onReqListAccount',
  async handle(tx, message, context) {
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
  },
});
