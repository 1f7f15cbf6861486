/** upi.RespPay.REVERSAL.v1 from a bank: the answer to the payment's reversal leg (answerLeg.ts). */
import type { HandlerEntry } from '@switchyard/outbox';
import { answerLeg } from './answerLeg.ts';
import type { HandlerDeps } from './handlerDeps.ts';

export const onRespPayReversal = (deps: HandlerDeps): HandlerEntry<'upi.RespPay.REVERSAL.v1'> => ({
  name: 'switch.onRespPayReversal',
  handle: (tx, message, context) => answerLeg(deps, tx, message, context),
});
