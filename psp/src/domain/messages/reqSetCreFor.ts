import { headFor, isoTimestamp, type Creds, type ReqSetCre } from '@switchyard/contracts';
import type { VpaRecord } from '../types.ts';

/** ReqSetCre: set or change the UPI PIN of the account behind `vpa`; creds are sealed for its bank. */
export const reqSetCreFor = (input: {
  participant: string;
  messageId: string;
  now: Date;
  txnId: string;
  vpa: VpaRecord;
  creds: Creds;
}): ReqSetCre => ({
  type: 'upi.ReqSetCre.v1',
  head: headFor(input.participant, input.messageId, input.now),
  txn: { id: input.txnId, ts: isoTimestamp(input.now), type: 'SetCre' },
  payer: {
    addr: input.vpa.vpa,
    ac: { acNum: input.vpa.acNum, ifsc: input.vpa.ifsc },
    creds: { type: input.creds.type, data: input.creds.data },
  },
});
