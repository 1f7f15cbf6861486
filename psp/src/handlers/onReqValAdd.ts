import type { ReqValAdd } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { MessageContext } from '@switchyard/outbox';
import { respValAddFor } from '../domain/messages/respValAddFor.ts';
import { findVpa } from '../db/vpasDb.ts';
import { SWITCH, type HandlerDeps } from './handlerDeps.ts';

/** upi.ReqValAdd.v1 (we are the payee's PSP): the verified name behind one of our VPAs, or FAILURE ZH. */
export const onReqValAdd =
  (deps: HandlerDeps) =>
  async (tx: Tx, message: ReqValAdd, context: MessageContext): Promise<void> => {
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
  };
