import { headFor, isoTimestamp, type ReqListAccount } from '@switchyard/contracts';

/** ReqListAccount: discover the accounts a mobile number holds at the bank owning `ifsc`. */
export const reqListAccountFor = (input: {
  participant: string;
  messageId: string;
  now: Date;
  txnId: string;
  mobile: string;
  ifsc: string;
}): ReqListAccount => ({
  type: 'upi.ReqListAccount.v1',
  head: headFor(input.participant, input.messageId, input.now),
  txn: { id: input.txnId, ts: isoTimestamp(input.now), type: 'ListAccount' },
  link: { mobile: input.mobile, ifsc: input.ifsc },
});
