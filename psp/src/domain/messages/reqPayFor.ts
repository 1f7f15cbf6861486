import { headFor, isoTimestamp, type Creds, type ReqPayPay } from '@switchyard/contracts';
import type { User, VpaRecord } from '../types.ts';

export type ReqPayInput = {
  participant: string;
  messageId: string;
  now: Date;
  txnId: string;
  user: User;
  payer: VpaRecord;
  payeeVpa: string;
  amountMinor: number;
  note: string;
  /** The client's sealed PIN block: forwarded unchanged, never opened here. */
  creds: Creds;
};

/**
 * ReqPay PAY (docs/upi.md §4 step 1): the payer's account, device binding and sealed creds, to the switch.
 */
export const reqPayFor = (input: ReqPayInput): ReqPayPay => ({
  type: 'upi.ReqPay.PAY.v1',
  head: headFor(input.participant, input.messageId, input.now),
  txn: { id: input.txnId, note: input.note, ts: isoTimestamp(input.now), type: 'PAY' },
  payer: {
    addr: input.payer.vpa,
    name: input.payer.accountName,
    ac: { acNum: input.payer.acNum, ifsc: input.payer.ifsc },
    creds: { type: input.creds.type, data: input.creds.data },
    device: { mobile: input.user.mobile, id: input.user.deviceId },
  },
  payee: { addr: input.payeeVpa },
  amount: { valueMinor: input.amountMinor, curr: 'INR' },
});
