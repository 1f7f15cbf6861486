/** upi.RespChkTxn.CREDIT.v1: the beneficiary bank answers whether a DEEMED credit stands (docs/upi.md §6.5.2). */
import type { HandlerEntry } from '@switchyard/outbox';
import { answerLeg } from './answerLeg.ts';
import type { HandlerDeps } from './handlerDeps.ts';

export const onRespChkTxnCredit = (deps: HandlerDeps): HandlerEntry<'upi.RespChkTxn.CREDIT.v1'> => ({
  name: 'switch.onRespChkTxnCredit',
  async handle(tx, message, context) {
    await answerLeg(deps, tx, message, context);
  },
});
