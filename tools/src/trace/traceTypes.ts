/**
 * A payment's trace as the `trace` command prints it and the console's page shows it. No imports: the page
 * (tools/src/console/web) shares these types with the server.
 */
export type HopState = 'delivered' | 'in flight' | 'waiting' | 'parked' | 'dead-lettered' | 'timer armed';

/** One message of the payment (or one armed timer). */
export type TraceHop = {
  /** Readable: 'ReqPay DEBIT', 'RespAuthDetails', 'TimeoutElapsed DEBIT'. */
  message: string;
  type: string;
  messageId: string | null;
  from: string;
  to: string;
  leg: string | null;
  /** When the sender sent it (or queued it in its outbox). */
  sentAt: string | null;
  /** When the recipient handled it (its inbox row). */
  receivedAt: string | null;
  code: string | null;
  state: HopState;
  notes: string[];
};

/** What a PSP shows its customer (the PSP's PaymentView, plus which PSP). */
export type CustomerView = {
  psp: string;
  role: 'PAYER' | 'PAYEE';
  status: string;
  errCode: string | null;
  declineClass: 'TD' | 'BD' | null;
  amount: string;
  payerVpa: string;
  payeeVpa: string;
  custRef: string | null;
  legs: Array<{ type: string; respCode: string }>;
  createdAt: string;
  finalAt: string | null;
};

export type Trace = {
  txnId: string;
  /** The switch's status of the payment (AUTH_PENDING … SUCCESS, FAILED, DEEMED…); null if it has none. */
  switchStatus: string | null;
  finalStatus: string | null;
  errCode: string | null;
  startedAt: string | null;
  hops: Array<TraceHop & { msSinceStart: number | null }>;
  payerView: CustomerView | null;
  payeeView: CustomerView | null;
};
