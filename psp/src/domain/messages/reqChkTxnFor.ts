import { headFor, isoTimestamp, type ReqChkTxn } from '@switchyard/contracts';

/** ReqChkTxn: ask the switch for the status of `orgTxnId` (its own fresh txn id, the original's date). */
export const reqChkTxnFor = (input: {
  participant: string;
  messageId: string;
  now: Date;
  txnId: string;
  orgTxnId: string;
  orgCreatedAt: Date;
}): ReqChkTxn => ({
  type: 'upi.ReqChkTxn.v1',
  head: headFor(input.participant, input.messageId, input.now),
  txn: {
    id: input.txnId,
    ts: isoTimestamp(input.now),
    type: 'ChkTxn',
    orgTxnId: input.orgTxnId,
    orgTxnDate: input.orgCreatedAt.toISOString().slice(0, 10),
  },
});
