/** upi.RespAutoReversal.v1: the remitter bank reports its auto-reversal of a debit (docs/upi.md §6.5.3). */
import type { HandlerEntry } from '@switchyard/outbox';
import { answerLeg } from './answerLeg.ts';
import type { HandlerDeps } from './handlerDeps.ts';

export const onRespAutoReversal = (deps: HandlerDeps): HandlerEntry<'upi.RespAutoReversal.v1'> => ({
  name: 'switch.onRespAutoReversal',
  async handle(tx, message, context) {
    await answerLeg(deps, tx, message, context);
  },
});
