/** upi.RespOtp.v1 → back to the PSP that asked. */
import type { HandlerEntry } from '@switchyard/outbox';
import { answerFor } from '../domain/forwardMessages.ts';
import { returnAnswer } from './forwarding.ts';
import type { HandlerDeps } from './handlerDeps.ts';

export const onRespOtp = (deps: HandlerDeps): HandlerEntry<'upi.RespOtp.v1'> => ({
  name: 'switch.onRespOtp',
  async handle(tx, message, context) {
    await returnAnswer(deps, tx, context, {
      kind: 'OTP',
      txnId: message.txn.id,
      requestMessageId: message.resp.reqMsgId,
      answer: (requesterMessageId, stamp) => answerFor(message, requesterMessageId, stamp),
    });
  },
});
