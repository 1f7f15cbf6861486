import type { ReqTxnConfirmation, RespTxnConfirmation } from '@switchyard/contracts';
import { headFor } from '@switchyard/contracts';

/** RespTxnConfirmation: SUCCESS once we recorded the outcome for our payee, FAILURE if the VPA is not ours. */
export const respTxnConfirmationFor = (input: {
  participant: string;
  messageId: string;
  now: Date;
  request: ReqTxnConfirmation;
  recorded: boolean;
}): RespTxnConfirmation => ({
  type: 'upi.RespTxnConfirmation.v1',
  head: headFor(input.participant, input.messageId, input.now),
  txn: { id: input.request.txn.id },
  resp: { reqMsgId: input.request.head.msgId, result: input.recorded ? 'SUCCESS' : 'FAILURE' },
});
