import { Codes, headFor, type ReqAuthDetails, type RespAuthDetails } from '@switchyard/contracts';
import type { VpaRecord } from '../types.ts';

/**
 * RespAuthDetails (we are the payee's PSP): the account behind the payee VPA, or FAILURE ZH when the VPA
 * is not ours.
 */
export const respAuthDetailsFor = (input: {
  participant: string;
  messageId: string;
  now: Date;
  request: ReqAuthDetails;
  payee: VpaRecord | undefined;
}): RespAuthDetails => {
  const base = {
    type: 'upi.RespAuthDetails.v1' as const,
    head: headFor(input.participant, input.messageId, input.now),
    txn: { id: input.request.txn.id },
  };
  const reqMsgId = input.request.head.msgId;
  if (input.payee === undefined)
    return { ...base, resp: { reqMsgId, result: 'FAILURE', errCode: Codes.INVALID_VPA } };
  return {
    ...base,
    resp: { reqMsgId, result: 'SUCCESS' },
    payee: {
      addr: input.payee.vpa,
      name: input.payee.accountName,
      ac: { acNum: input.payee.acNum, ifsc: input.payee.ifsc },
    },
  };
};
