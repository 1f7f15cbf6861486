/**
 * upi.ReqChkTxn.v1 (docs/upi.md §6.3): a PSP asks for a payment's status. NPCI's rules hold
 * (domain/decideStatusCheck.ts): not before SY_CHK_TXN_DELAY_MIN_MS after the switch received it, at most
 * SY_CHK_TXN_CHECKS_MAX per PSP — a check against them is answered FAILURE/PENDING with U80 (payer's PSP)
 * or U94 (payee's PSP) and changes nothing; an unknown txn, or someone else's, is answered FAILURE U48.
 * An answered check is appended to the payment's events (its journey shows it).
 */
import { PermanentError, type HandlerEntry } from '@switchyard/outbox';
import { decideStatusCheck } from '../domain/decideStatusCheck.ts';
import { evolve } from '../domain/evolve.ts';
import { respChkTxnOf } from '../domain/forwardMessages.ts';
import { lockPayment, savePayment } from '../db/paymentsDb.ts';
import { switchMetrics } from '../metrics.ts';
import type { HandlerDeps } from './handlerDeps.ts';

export const onReqChkTxn = (deps: HandlerDeps): HandlerEntry<'upi.ReqChkTxn.v1'> => ({
  name: 'switch.onReqChkTxn',
  async handle(tx, message, context) {
    if (deps.routes.psp(context.sender) === undefined)
      throw new PermanentError('sender_not_a_psp', `ReqChkTxn from ${context.sender}`);
    const txnId = message.txn.orgTxnId;
    const stored = await lockPayment(tx, txnId);
    const now = deps.now();
    const decision = decideStatusCheck(stored.state, context.sender, now, deps.statusChecks);
    if (decision.kind === 'answered' && decision.event !== undefined) {
      const after = evolve(stored.state, decision.event);
      await savePayment(tx, { txnId, before: stored, after, events: [decision.event] });
    }
    const messageId = deps.newMessageId();
    await deps.outbox.enqueue(tx, {
      recipient: context.sender,
      message: respChkTxnOf(message, decision.answer, { switchId: deps.switchId, messageId, now }),
      messageId,
      correlationId: txnId,
      causationId: context.messageId,
    });
    const outcome =
      decision.kind === 'refused' ? decision.reason : decision.event === undefined ? 'unknown' : 'answered';
    if (decision.kind === 'refused')
      deps.log.info({ txnId, asker: context.sender, reason: decision.reason }, 'status check refused');
    context.afterCommit(() => switchMetrics.statusChecksTotal.inc({ outcome }));
  },
});
