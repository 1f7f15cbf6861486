import { PermanentError, type HandlerEntry } from '@switchyard/outbox';
import { decideCheckAnswer } from '../domain/statusCheck.ts';
import { paymentView } from '../domain/paymentView.ts';
import { lockPayment, updatePaymentStatus } from '../db/paymentsDb.ts';
import type { OnRespPayPayDeps } from './onRespPayPay.ts';

/**
 * upi.RespChkTxn.v1: the switch's answer to our status check (docs/upi.md §6.3). A final status is applied
 * like a final RespPay (and reaches the user's WebSocket); U48 ends the payment FAILURE (docs/upi.md §6.3);
 * PENDING, a refused check (U80/U94) and anything after the final status change nothing.
 * @throws PermanentError for a txn id we never sent (it is dead-lettered for inspection)
 */
export const onRespChkTxn = (deps: OnRespPayPayDeps): HandlerEntry<'upi.RespChkTxn.v1'> => ({
  name: 'psp.onRespChkTxn',
  async handle(tx, message, context) {
    const txnId = message.txn.orgTxnId;
    const payment = (await lockPayment(tx, txnId, 'PAYER')) ?? (await lockPayment(tx, txnId, 'PAYEE'));
    if (payment === undefined)
      throw new PermanentError('unknown_payment', `RespChkTxn for a payment we do not know: ${txnId}`);
    const decision = decideCheckAnswer(payment, message.resp);
    if (decision.kind === 'none') {
      deps.log.info(
        { txnId, reason: decision.reason, errCode: message.resp.errCode },
        'status check: no change',
      );
      return;
    }
    const updated = await updatePaymentStatus(tx, txnId, payment.role, {
      status: decision.status,
      errCode: decision.errCode,
      legs: message.resp.refs,
      custRef: message.txn.custRef,
    });
    context.afterCommit(() => {
      if (updated.role === 'PAYER') deps.admission.finish(txnId, deps.now().getTime());
      deps.hub.publish(updated.userId, paymentView(updated));
    });
  },
});
