/**
 * upi.ReqAutoReversal.v1 (docs/upi.md §6.5.3): the switch's debit reversals went unanswered, so this bank —
 * the remitter, bound to auto-reverse a debit of a payment that did not complete within T+1 — reverses it
 * now. It is the same leg as the debit reversal (DEBIT_REVERSAL of `orgTxnId`, claim-or-replay in runLeg):
 * whichever of the reversal requests and this one arrives first moves the money, the others get its answer.
 * 00: reversed; ND: no debit to reverse (and a late debit is refused, the leg closed).
 */
import type { HandlerEntry } from '@switchyard/outbox';
import { respAutoReversal } from './replies.ts';
import { fallbackAddr, reverse, type ReversalDeps } from './onReqPayReversal.ts';
import { runLeg } from './runLeg.ts';

export const onReqAutoReversal = (deps: ReversalDeps): HandlerEntry<'upi.ReqAutoReversal.v1'> => ({
  name: 'bank.onReqAutoReversal',
  async handle(tx, message, context) {
    const request = {
      txn: { subType: 'DEBIT' as const, orgTxnId: message.txn.orgTxnId, custRef: message.txn.custRef },
      ac: message.ac,
    };
    await runLeg(deps, tx, context, {
      leg: 'DEBIT_REVERSAL',
      txnId: message.txn.orgTxnId,
      correlationId: message.txn.id,
      addr: fallbackAddr(message),
      logged: { orgTxnId: message.txn.orgTxnId, auto: 'true' },
      outcome: (now) => reverse(tx, request, now),
      reply: (answer, head) => respAutoReversal(message, answer, head),
    });
  },
});
