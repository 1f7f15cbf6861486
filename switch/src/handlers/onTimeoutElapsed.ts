/**
 * switch.TimeoutElapsed.v1: a deadline fell due (the sweeper moved it into the outbox; docs/guarantees.md §6).
 * Only the switch itself may send one. A payment leg's timer is state-guarded in decide() (a timer whose
 * leg was answered is a no-op); a forwarded request's timer answers the requester with a UPI code.
 */
import { PermanentError, type HandlerEntry } from '@switchyard/outbox';
import { policyOf, type HandlerDeps } from './handlerDeps.ts';
import { forwardTimedOut, isForwardKind } from './forwarding.ts';
import { runPaymentCommand } from './runPaymentCommand.ts';

export const onTimeoutElapsed = (deps: HandlerDeps): HandlerEntry<'switch.TimeoutElapsed.v1'> => ({
  name: 'switch.onTimeoutElapsed',
  async handle(tx, message, context) {
    if (context.sender !== deps.switchId)
      throw new PermanentError('wrong_sender', `TimeoutElapsed from ${context.sender}`);
    const { leg } = message;
    if (isForwardKind(leg)) {
      await forwardTimedOut(deps, tx, context, { ...message, leg });
      return;
    }
    await runPaymentCommand(deps, tx, message.txnId, context, {
      command: {
        type: 'ElapseTimer',
        leg,
        legMessageId: message.legMessageId,
        nextMessageId: deps.newMessageId(),
        policy: policyOf(deps),
      },
    });
  },
});
