import { Codes, headFor, type ReqValAdd, type RespValAdd } from '@switchyard/contracts';
import type { VpaRecord } from '../types.ts';

/** RespValAdd (we are the payee's PSP): the verified name and IFSC, or FAILURE ZH for an unknown VPA. */
export const respValAddFor = (input: {
  participant: string;
  messageId: string;
  now: Date;
  request: ReqValAdd;
  payee: VpaRecord | undefined;
}): RespValAdd => {
  const base = {
    type: 'upi.RespValAdd.v1' as const,
    head: headFor(input.participant, input.messageId, input.now),
    txn: { id: input.request.txn.id },
  };
  const reqMsgId = input.request.head.msgId;
  if (input.payee === undefined)
    return { ...base, resp: { reqMsgId, result: 'FAILURE', errCode: Codes.INVALID_VPA } };
  return {
    ...base,
    resp: { reqMsgId, result: 'SUCCESS' },
    payee: { addr: input.payee.vpa, name: input.payee.accountName, ifsc: input.payee.ifsc },
  };
};
