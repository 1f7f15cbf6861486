/** upi.RespTxnConfirmation.v1 (UPI.md §4 step 6): the payee's PSP acknowledges the outcome; recorded. */
import type { RespTxnConfirmation } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { MessageContext } from '@switchyard/outbox';
import type { HandlerDeps } from './handlerDeps.ts';
import { runPaymentCommand } from './runPaymentCommand.ts';

export const onRespTxnConfirmation =
  (deps: HandlerDeps) =>
  async (tx: Tx, message: RespTxnConfirmation, context: MessageContext): Promise<void> => {
    await runPaymentCommand(deps, tx, message.txn.id, context, {
      command: { type: 'RecordTxnConfirmation', sender: context.sender, result: message.resp.result },
    });
  };
