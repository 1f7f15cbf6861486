/** What the PSP client (pspClient.ts) takes and answers: sessions, views of the PSP's answers, its error. */
import type { PaymentView } from '@switchyard/psp';

export type PspSession = { userId: string; token: string; deviceId: string };
export type PspInfo = { participant: string; handle: string; txnPrefix: string };
export type AccountInfo = { acNum: string; ifsc: string; name: string; acType: string; pinSet: boolean };
export type VpaInfo = { vpa: string; acNum: string; ifsc: string; name: string; createdAt: string };
export type RawResponse = { status: number; headers: Headers; body: unknown };

/** A non-2xx answer: `code` is the PSP's stable error code, `upiCode` the network's decline code. */
export class PspClientError extends Error {
  readonly status: number;
  readonly code: string;
  readonly upiCode: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly body: unknown;
  constructor(response: RawResponse, what: string) {
    const body = response.body as { code?: string; message?: string; upiCode?: string } | undefined;
    super(`${what}: HTTP ${response.status} ${body?.code ?? ''} ${body?.message ?? ''}`.trim());
    this.name = 'PspClientError';
    this.status = response.status;
    this.code = body?.code ?? 'UNKNOWN';
    this.upiCode = body?.upiCode;
    const retryAfter = response.headers.get('retry-after');
    this.retryAfterSeconds = retryAfter === null ? undefined : Number(retryAfter);
    this.body = response.body;
  }
}

export type PayInput = {
  payerVpa: string;
  payeeVpa: string;
  /** Rupees, at most 2 decimals: "100", "250.50". */
  amount: string;
  pin: string;
  note?: string;
  /** Defaults: a fresh id with this PSP's prefix, a fresh idempotency key. */
  txnId?: string;
  idempotencyKey?: string;
};
export type PayResult = { txnId: string; status: 'PENDING'; idempotencyKey: string };
/** PIN_SET: card details and the bank's one-time code (requestPinOtp); PIN_CHANGE: the old PIN. */
export type SetPinInput = {
  vpa: string;
  newPin: string;
  oldPin?: string;
  cardLast6?: string;
  cardExpiry?: string;
  otp?: string;
};
/** Reads a one-time code from the phone the SMS goes to (e.g. `() => inbox.nextCode()`). */
export type ReadCode = () => Promise<string>;
export type RegistrationStarted = { registrationId: string; expiresAt: string; deviceId: string };
export type WaitOptions = { timeoutMs?: number; via?: 'ws' | 'poll'; pollIntervalMs?: number };
/**
 * POST /v1/payments/:txnId/check: the PSP asks the switch for the payment's status (ReqChkTxn), within
 * NPCI's rules — the n-th check no earlier than n × the minimum delay after the payment started, at most 3.
 */
export type StatusCheck = {
  payment: PaymentView;
  /** Whether a check went to the switch now (its answer arrives as a status event). */
  sent: boolean;
  refusedBecause: 'final' | 'too_early' | 'checks_exhausted' | null;
  checksSent: number;
  nextCheckAt: string | null;
};
