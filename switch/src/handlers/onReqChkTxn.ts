/**
 * upi.ReqChkTxn.v1 (docs/upi.md §6.3): a PSP asks for a payment's status; answered from the payments table
 * (in flight → PENDING; unknown, or not the asker's payment → FAILURE U48).
 */
import { PermanentError, type HandlerEntry } from '@switchyard/outbox';
import { chkTxnAnswerOf } from '../domain/chkTxnAnswerOf.ts';
import { respChkTxnOf } from '../domain/forwardMessages.ts';
import { findPayment } from '../db/paymentsDb.ts';
import type { HandlerDeps } from './handlerDeps.ts';

export const onReqChkTxn = (deps: HandlerDeps): HandlerEntry<'upi.ReqChkTxn.v1'> => ({
  name: 'switch.onReqChkTxn',
  async handle(tx, message, context) {
    if (deps.routes.psp(context.sender) === undefined)
      throw new PermanentError('sender_not_a_psp', `ReqChkTxn from ${context.sender}`);
    const stored = await findPayment(tx, message.txn.orgTxnId);
    const messageId = deps.newMessageId();
    const answer = respChkTxnOf(message, chkTxnAnswerOf(stored.state, context.sender), {
      switchId: deps.switchId,
      messageId,
      now: deps.now(),
    });
    await deps.outbox.enqueue(tx, {
      recipient: context.sender,
      message: answer,
      messageId,
      correlationId: message.txn.orgTxnId,
      causationId: context.messageId,
    });
  },
});
