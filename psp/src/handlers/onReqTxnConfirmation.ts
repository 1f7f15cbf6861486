import type { HandlerEntry } from '@switchyard/outbox';
import { decideConfirmation } from '../domain/decideConfirmation.ts';
import { respTxnConfirmationFor } from '../domain/messages/respTxnConfirmationFor.ts';
import { paymentView } from '../domain/paymentView.ts';
import { SWITCH, type Payment } from '../domain/types.ts';
import { insertIncomingPayment, lockPayment, updatePaymentStatus } from '../db/paymentsDb.ts';
import { findVpa } from '../db/vpasDb.ts';
import type { StatusHub } from '../runtime/statusHub.ts';
import type { ReplyDeps } from './replyDeps.ts';

export type OnReqTxnConfirmationDeps = ReplyDeps & { hub: StatusHub };

/**
 * upi.ReqTxnConfirmation.v1 (we are the payee's PSP, docs/upi.md §4 step 6): record the incoming payment for
 * the payee user, answer RespTxnConfirmation, and push it to the payee's WebSocket after commit.
 */
export const onReqTxnConfirmation = (
  deps: OnReqTxnConfirmationDeps,
): HandlerEntry<'upi.ReqTxnConfirmation.v1'> => ({
  name: 'psp.onReqTxnConfirmation',
  async handle(tx, message, context) {
    const payee = await findVpa(tx, message.payee.addr);
    let changed: Payment | undefined;
    if (payee !== undefined) {
      const existing = await lockPayment(tx, message.txn.id, 'PAYEE');
      const decision = decideConfirmation(existing, message);
      const status = {
        status: message.status.status,
        errCode: message.status.errCode,
        legs: message.status.refs,
        custRef: message.txn.custRef,
      };
      if (decision.kind === 'record') {
        changed = await insertIncomingPayment(tx, {
          txnId: message.txn.id,
          userId: payee.userId,
          payerVpa: message.payer.addr,
          payeeVpa: payee.vpa,
          amountMinor: message.amount.valueMinor,
          ...status,
        });
      } else if (decision.kind === 'update') {
        changed = await updatePaymentStatus(tx, message.txn.id, 'PAYEE', status);
      }
    }
    const messageId = deps.newMessageId();
    await deps.outbox.enqueue(tx, {
      recipient: SWITCH,
      message: respTxnConfirmationFor({
        participant: deps.participant,
        messageId,
        now: deps.now(),
        request: message,
        recorded: payee !== undefined,
      }),
      messageId,
      correlationId: message.txn.id,
      causationId: context.messageId,
    });
    if (changed !== undefined) {
      const view = paymentView(changed);
      const userId = changed.userId;
      context.afterCommit(() => {
        deps.hub.publish(userId, view);
      });
    }
  },
});
