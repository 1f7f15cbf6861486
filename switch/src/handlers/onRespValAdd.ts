/** upi.RespValAdd.v1 → back to the PSP that asked. /. */
import type { HandlerEntry } from '@switchyard/outbox';
import { answerFor } from '../domain/forwardMessages.ts';
import { returnAnswer } from './forwarding.ts';
import type { HandlerDeps } from './handlerDeps.ts';

export const onRespValAdd = (deps: HandlerDeps): HandlerEntry<'upi.RespValAdd.v1'> => ({
  name: 'switch.onRespValAdd',
  async handle(tx, message, context) {
    await returnAnswer(deps, tx, context, {
      kind: 'VALADD',
      txnId: message.txn.id,
      requestMessageId: message.resp.reqMsgId,
      answer: (requesterMessageId, stamp) => answerFor(message, requesterMessageId, stamp),
    });
  },
});
