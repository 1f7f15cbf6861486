import type { Log } from '@switchyard/infra';
import { PermanentError, type HandlerEntry } from '@switchyard/outbox';
import { decideFinalStatus } from '../domain/decideFinalStatus.ts';
import { paymentView } from '../domain/paymentView.ts';
import { insertNotice, lockPayment, updatePaymentStatus } from '../db/paymentsDb.ts';
import type { Admission } from '../runtime/admission.ts';
import type { StatusHub } from '../runtime/statusHub.ts';

export type OnRespPayPayDeps = { admission: Admission; hub: StatusHub; log: Log; now: () => Date };

/**
 * upi.RespPay.PAY.v1: the final status of a payment we initiated. A duplicate notice (FAILURE U01 that
 * answers someone else's ReqPay with our txn id) or any answer after the final one is recorded as a
 * notice and changes nothing. On a change the payer's WebSocket hears of it after commit, and the payment
 * leaves admission control's in-flight count (its latency feeds the adaptive limit).
 * @throws PermanentError for a txn id we never sent (it is dead-lettered for inspection)
 */
export const onRespPayPay = (deps: OnRespPayPayDeps): HandlerEntry<'upi.RespPay.PAY.v1'> => ({
  name: 'psp.onRespPayPay',
  async handle(tx, message, context) {
    const txnId = message.txn.id;
    const payment = await lockPayment(tx, txnId, 'PAYER');
    if (payment === undefined)
      throw new PermanentError('unknown_payment', `RespPay for a payment we did not send: ${txnId}`);
    const decision = decideFinalStatus(payment, message);
    if (decision.kind === 'notice') {
      await insertNotice(tx, {
        txnId,
        messageId: context.messageId,
        reason: decision.reason,
        requestMessageId: message.resp.reqMsgId,
        result: message.resp.result,
        status: message.resp.status,
        errCode: message.resp.errCode,
      });
      deps.log.warn(
        { txnId, reason: decision.reason, errCode: message.resp.errCode },
        'RespPay recorded as a notice',
      );
      return;
    }
    const updated = await updatePaymentStatus(tx, txnId, 'PAYER', decision);
    context.afterCommit(() => {
      deps.admission.finish(txnId, deps.now().getTime());
      deps.hub.publish(updated.userId, paymentView(updated));
    });
  },
});
