import type { HandlerEntry } from '@switchyard/outbox';
import { respValAddFor } from '../domain/messages/respValAddFor.ts';
import { SWITCH } from '../domain/types.ts';
import { findVpa } from '../db/vpasDb.ts';
import type { ReplyDeps } from './replyDeps.ts';

export type OnReqValAddDeps = ReplyDeps;

/** upi.ReqValAdd.v1 (we are the payee's PSP): the verified name behind one of our VPAs, or FAILURE ZH. */
export const onReqValAdd = (deps: OnReqValAddDeps): HandlerEntry<'upi.ReqValAdd.v1'> => ({
  name: 'psp.onReqValAdd',
  async handle(tx, message, context) {
    const payee = await findVpa(tx, message.payee.addr);
    const messageId = deps.newMessageId();
    await deps.outbox.enqueue(tx, {
      recipient: SWITCH,
      message: respValAddFor({
        participant: deps.participant,
        messageId,
        now: deps.now(),
        request: message,
        payee,
      }),
      messageId,
      correlationId: message.txn.id,
      causationId: context.messageId,
    });
  },
});
