/** upi.RespPay.DEBIT.v1 from a bank: the answer to the payment's debit leg (answerLeg.ts). */
import type { HandlerEntry } from '@switchyard/outbox';
import { answerLeg } from './answerLeg.ts';
import type { HandlerDeps } from './handlerDeps.ts';

export const onRespPayDebit = (deps: HandlerDeps): HandlerEntry<'upi.RespPay.DEBIT.v1'> => ({
  name: 'switch.onRespPayDebit',
  handle: (tx, message, context) => answerLeg(deps, tx, message, context),
});
