import { headFor, isoTimestamp, type ReqValAdd } from '@switchyard/contracts';

/** ReqValAdd: ask the payee's PSP (through the switch) who owns `payeeVpa`. */
export const reqValAddFor = (input: {
  participant: string;
  messageId: string;
  now: Date;
  txnId: string;
  payerVpa: string;
  payeeVpa: string;
}): ReqValAdd => ({
  type: 'upi.ReqValAdd.v1',
  head: headFor(input.participant, input.messageId, input.now),
  txn: { id: input.txnId, ts: isoTimestamp(input.now), type: 'ValAdd' },
  payer: { addr: input.payerVpa },
  payee: { addr: input.payeeVpa },
});
