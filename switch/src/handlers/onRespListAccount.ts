/** upi.RespListAccount.v1 → back to the PSP that asked. /. */
import type { HandlerEntry } from '@switchyard/outbox';
import { answerFor } from '../domain/forwardMessages.ts';
import { returnAnswer } from './forwarding.ts';
import type { HandlerDeps } from './handlerDeps.ts';

export const onRespListAccount = (deps: HandlerDeps): HandlerEntry<'upi.RespListAccount.v1'> => ({
  name: 'switch.onRespListAccount',
  async handle(tx, message, context) {
    await returnAnswer(deps, tx, context, {
      kind: 'LIST_ACCOUNT',
      txnId: message.txn.id,
      requestMessageId: message.resp.reqMsgId,
      answer: (requesterMessageId, stamp) => answerFor(message, requesterMessageId, stamp),
    });
  },
});
