/**
 * switch.TimeoutElapsed.v1: a deadline fell due (the sweeper moved it into the outbox;
 * docs/guarantees.md §6). Only the switch itself may send one. State-guarded in decide(): a timer whose leg
 * was answered is a no-op.
 */
import { PermanentError, type HandlerEntry } from '@switchyard/outbox';
import type { HandlerDeps } from './handlerDeps.ts';
import { runPaymentCommand } from './runPaymentCommand.ts';

export const onTimeoutElapsed = (deps: HandlerDeps): HandlerEntry<'switch.TimeoutElapsed.v1'> => ({
  name: 'switch.onTimeoutElapsed',
  async handle(tx, message, context) {
    if (context.sender !== deps.switchId)
      throw new PermanentError('wrong_sender', `TimeoutElapsed from ${context.sender}`);
    await runPaymentCommand(deps, tx, message.txnId, context, {
      command: {
        type: 'ElapseTimer',
        leg: message.leg,
        legMessageId: message.legMessageId,
        nextMessageId: deps.newMessageId(),
      },
    });
  },
});
