/** upi.RespPay.CREDIT.v1 from a bank: the answer to the payment's credit leg (answerLeg.ts). */
import type { HandlerEntry } from '@switchyard/outbox';
import { answerLeg } from './answerLeg.ts';
import type { HandlerDeps } from './handlerDeps.ts';

export const onRespPayCredit = (deps: HandlerDeps): HandlerEntry<'upi.RespPay.CREDIT.v1'> => ({
  name: 'switch.onRespPayCredit',
  handle: (tx, message, context) => answerLeg(deps, tx, message, context),
});
