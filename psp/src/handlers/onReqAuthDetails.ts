import type { HandlerEntry } from '@switchyard/outbox';
import { respAuthDetailsFor } from '../domain/messages/respAuthDetailsFor.ts';
import { SWITCH } from '../domain/types.ts';
import { findVpa } from '../db/vpasDb.ts';
import type { ReplyDeps } from './replyDeps.ts';

export type OnReqAuthDetailsDeps = ReplyDeps;

/**
 * upi.ReqAuthDetails.v1 (we are the payee's PSP, docs/upi.md §4 step 2): resolve the payee VPA to its
 * account. An unknown VPA is a business answer (FAILURE ZH), not an error.
 */
export const onReqAuthDetails = (deps: OnReqAuthDetailsDeps): HandlerEntry<'upi.ReqAuthDetails.v1'> => ({
  name: 'psp.onReqAuthDetails',
  async handle(tx, message, context) {
    const payee = await findVpa(tx, message.payee.addr);
    const messageId = deps.newMessageId();
    await deps.outbox.enqueue(tx, {
      recipient: SWITCH,
      message: respAuthDetailsFor({
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
