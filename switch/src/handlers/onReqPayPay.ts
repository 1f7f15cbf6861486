/**
 * upi.ReqPay.PAY.v1 (docs/upi.md §4 step 1) from the payer's PSP.
 * An initiator that does not own the payer's handle, or whose txn id prefix is not its own, is refused
 * with a PermanentError: the message goes to the DLQ with the reason and nobody is answered — the
 * envelope proves who sent it, so this is a misbehaving participant for an operator, not a customer
 * outcome. A different message reusing an existing txn id is answered FAILURE U01 (resp.reqMsgId = the
 * duplicate's msgId) and the original payment is not touched.
 */
import { PermanentError, type HandlerEntry } from '@switchyard/outbox';
import { authoriseInitiator } from '../domain/authoriseInitiator.ts';
import { respPayFinalOf } from '../domain/paymentMessages.ts';
import { SwitchCodes } from '../domain/switchCodes.ts';
import type { HandlerDeps } from './handlerDeps.ts';
import { runPaymentCommand } from './runPaymentCommand.ts';
import { switchMetrics } from '../metrics.ts';

export const onReqPayPay = (deps: HandlerDeps): HandlerEntry<'upi.ReqPay.PAY.v1'> => ({
  name: 'switch.onReqPayPay',
  async handle(tx, message, context) {
    const txnId = message.txn.id;
    const check = authoriseInitiator({
      sender: context.sender,
      orgId: message.head.orgId,
      txnId,
      requireHandle: true,
      senderPsp: deps.routes.psp(context.sender),
      handleOwner: deps.routes.pspForVpa(message.payer.addr),
    });
    if (!check.ok)
      throw new PermanentError(
        check.reason,
        `ReqPay ${txnId} from ${context.sender} refused: ${check.reason}`,
      );
    const decision = await runPaymentCommand(deps, tx, txnId, context, {
      command: {
        type: 'StartPayment',
        request: {
          txnId,
          messageId: message.head.msgId,
          payer: { addr: message.payer.addr, name: message.payer.name, ac: message.payer.ac },
          payee: { addr: message.payee.addr },
          amountMinor: message.amount.valueMinor,
          note: message.txn.note,
        },
        sender: context.sender,
        payeePsp: deps.routes.pspForVpa(message.payee.addr)?.id,
        remitterBank: deps.routes.bankForIfsc(message.payer.ac.ifsc),
        amountMinorMax: deps.amountMinorMax,
        nextMessageId: deps.newMessageId(),
        unavailableBanks: deps.breakers.unavailable(),
      },
      creds: message.payer.creds,
    });
    if (decision.ok || decision.rejection !== 'duplicate_txn') return;
    const messageId = deps.newMessageId();
    const refusal = respPayFinalOf(
      txnId,
      message.head.msgId,
      { result: 'FAILURE', status: 'FAILURE', errCode: SwitchCodes.DUPLICATE, refs: [] },
      { switchId: deps.switchId, messageId, now: deps.now() },
    );
    await deps.outbox.enqueue(tx, {
      recipient: context.sender,
      message: refusal,
      messageId,
      correlationId: txnId,
      causationId: context.messageId,
    });
    deps.log.warn({ txnId, messageId: message.head.msgId }, 'duplicate txn id: answered U01');
    context.afterCommit(() => switchMetrics.refusalsTotal.inc({ err_code: SwitchCodes.DUPLICATE }));
  },
});
