/**
 * upi.RespAuthDetails.v1 (docs/upi.md §4 step 2) from the payee's PSP. The RRN is drawn from the sequence
 * only while the payment awaits this answer, the beneficiary bank found from the payee's IFSC.
 */
import type { HandlerEntry } from '@switchyard/outbox';
import type { AnswerAuthDetails } from '../domain/paymentCommands.ts';
import { nextRrn } from '../db/rrnDb.ts';
import type { HandlerDeps } from './handlerDeps.ts';
import { runPaymentCommand } from './runPaymentCommand.ts';

export const onRespAuthDetails = (deps: HandlerDeps): HandlerEntry<'upi.RespAuthDetails.v1'> => ({
  name: 'switch.onRespAuthDetails',
  async handle(tx, message, context) {
    await runPaymentCommand(deps, tx, message.txn.id, context, {
      command: async (stored) => {
        const command: AnswerAuthDetails = {
          type: 'AnswerAuthDetails',
          sender: context.sender,
          requestMessageId: message.resp.reqMsgId,
          result: message.resp.result,
          nextMessageId: deps.newMessageId(),
          unavailableBanks: deps.breakers.unavailable(),
        };
        if (message.resp.errCode !== undefined) command.errCode = message.resp.errCode;
        if (message.payee !== undefined) {
          command.payee = message.payee;
          const bank = deps.routes.bankForIfsc(message.payee.ac.ifsc);
          if (bank !== undefined) command.beneficiaryBank = bank;
        }
        if (stored.state.status === 'AUTH_PENDING' && message.resp.result === 'SUCCESS')
          command.rrn = await nextRrn(tx, deps.now());
        return command;
      },
    });
  },
});
