/** upi.RespTxnConfirmation.v1 (docs/upi.md §4 step 6): the payee's PSP acknowledges the outcome; recorded. */
import type { HandlerEntry } from '@switchyard/outbox';
import type { HandlerDeps } from './handlerDeps.ts';
import { runPaymentCommand } from './runPaymentCommand.ts';

export const onRespTxnConfirmation = (deps: HandlerDeps): HandlerEntry<'upi.RespTxnConfirmation.v1'> => ({
  name: 'switch.onRespTxnConfirmation',
  async handle(tx, message, context) {
    await runPaymentCommand(deps, tx, message.txn.id, context, {
      command: { type: 'RecordTxnConfirmation', sender: context.sender, result: message.resp.result },
    });
  },
});
