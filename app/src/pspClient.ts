/**
 * The customer's UPI app talking to its PSP: plain fetch and the global WebSocket. It plays the payment
 * app's part, including NPCI's Common Library: it generates the txn id (this PSP's prefix), fetches the
 * bank's public key and seals the PIN block with sealCreds — the PSP never sees a PIN, nor the bank's
 * one-time code for a PIN set. One-time codes arrive by SMS (phone/smsInbox.ts): the flows that need one
 * take a `readCode` that reads it from the phone. The demo, the load tools and the end-to-end tests drive
 * the network through it.
 */
import { randomUUID } from 'node:crypto';
import {
  newTxnId,
  parseRupees,
  sealCreds,
  type CredsPayload,
  type PublicKeyEntry,
} from '@switchyard/contracts';
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
export type StatusSocket = { close(): void; closed: Promise<void> };

export type PspClient = ReturnType<typeof createPspClient>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const isFinal = (payment: PaymentView): boolean => payment.status !== 'PENDING';

/** @param options.timeoutMs per HTTP request (default 30 s) */
export const createPspClient = (options: { baseUrl: string; timeoutMs?: number }) => {
  const baseUrl = options.baseUrl.replace(/\/$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;
  let info: PspInfo | undefined;
  const bankKeys = new Map<string, PublicKeyEntry>();

  const authHeaders = (session: PspSession): Record<string, string> => ({
    authorization: `Bearer ${session.token}`,
    'x-device-id': session.deviceId,
  });

  /** Any request, never throwing on a status: for tests that check error answers. */
  const request = async (
    method: string,
    path: string,
    init: { session?: PspSession; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<RawResponse> => {
    const headers: Record<string, string> = {
      ...(init.session ? authHeaders(init.session) : {}),
      ...init.headers,
    };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
    };
  };

  const call = async <T>(
    what: string,
    method: string,
    path: string,
    init: Parameters<typeof request>[2] = {},
  ): Promise<T> => {
    const response = await request(method, path, init);
    if (response.status < 200 || response.status >= 300) throw new PspClientError(response, what);
    return response.body as T;
  };

  const client = {
    baseUrl,
    request,
    async info(): Promise<PspInfo> {
      info ??= await call<PspInfo>('info', 'GET', '/v1/info');
      return info;
    },
    /** POST /v1/users: the PSP sends a one-time code by SMS to `mobile`. Open the phone's inbox first. */
    async startRegistration(input: {
      name: string;
      mobile: string;
      deviceId?: string;
    }): Promise<RegistrationStarted> {
      const deviceId = input.deviceId ?? `device-${randomUUID()}`;
      const started = await call<{ registrationId: string; expiresAt: string }>(
        'register',
        'POST',
        '/v1/users',
        { body: { ...input, deviceId } },
      );
      return { ...started, deviceId };
    },
    /** POST /v1/users/verify: the code from the SMS binds the mobile to the device; the session it answers. */
    verifyRegistration: async (started: RegistrationStarted, otp: string): Promise<PspSession> => {
      const answer = await call<{ userId: string; token: string }>('verify', 'POST', '/v1/users/verify', {
        body: { registrationId: started.registrationId, otp },
      });
      return { userId: answer.userId, token: answer.token, deviceId: started.deviceId };
    },
    /** Registration in one go: start, read the code from the phone, verify. */
    async register(
      input: { name: string; mobile: string; deviceId?: string },
      readCode: ReadCode,
    ): Promise<PspSession> {
      const started = await client.startRegistration(input);
      return client.verifyRegistration(started, await readCode());
    },
    discover: async (session: PspSession, ifsc: string): Promise<AccountInfo[]> =>
      (
        await call<{ accounts: AccountInfo[] }>('discover', 'POST', '/v1/accounts/discover', {
          session,
          body: { ifsc },
        })
      ).accounts,
    createVpa: (
      session: PspSession,
      input: { username: string; acNum: string; ifsc: string },
    ): Promise<VpaInfo> => call<VpaInfo>('createVpa', 'POST', '/v1/vpas', { session, body: input }),
    vpas: async (session: PspSession): Promise<VpaInfo[]> =>
      (await call<{ vpas: VpaInfo[] }>('vpas', 'GET', '/v1/vpas', { session })).vpas,
    async bankKey(session: PspSession, ifsc: string): Promise<PublicKeyEntry> {
      const cached = bankKeys.get(ifsc);
      if (cached) return cached;
      const body = await call<{
        participant: string;
        keyId: string;
        boxPublicKey: string;
        signPublicKey: string;
        createdAt: string;
      }>('bankKey', 'GET', `/v1/keys/banks/${encodeURIComponent(ifsc)}`, { session });
      const key: PublicKeyEntry = {
        participant: body.participant,
        keyId: body.keyId,
        createdAt: body.createdAt,
        boxPublicKey: new Uint8Array(Buffer.from(body.boxPublicKey, 'base64')),
        signPublicKey: new Uint8Array(Buffer.from(body.signPublicKey, 'base64')),
      };
      bankKeys.set(ifsc, key);
      return key;
    },
    async vpa(session: PspSession, vpa: string): Promise<VpaInfo> {
      const found = (await client.vpas(session)).find((v) => v.vpa.toLowerCase() === vpa.toLowerCase());
      if (!found) throw new Error(`${vpa} is not a VPA of this user`);
      return found;
    },
    /**
     * POST /v1/vpas/:vpa/pin/otp: the bank of the account behind `vpa` sends a one-time code by SMS to the
     * mobile it has on record. Open that phone's inbox first.
     */
    requestPinOtp: (session: PspSession, vpa: string): Promise<{ vpa: string; sentTo: string }> =>
      call('requestPinOtp', 'POST', `/v1/vpas/${encodeURIComponent(vpa)}/pin/otp`, { session }),
    /**
     * Sets (card details + the bank's one-time code) or changes (with oldPin) the UPI PIN of the account
     * behind `vpa`, in a creds block sealed for the bank.
     */
    async setPin(session: PspSession, input: SetPinInput): Promise<void> {
      const vpa = await client.vpa(session, input.vpa);
      const sealedAt = Date.now();
      const payload: CredsPayload =
        input.oldPin !== undefined
          ? { purpose: 'CHANGE', oldPin: input.oldPin, newPin: input.newPin, acNum: vpa.acNum, sealedAt }
          : {
              purpose: 'SET',
              newPin: input.newPin,
              acNum: vpa.acNum,
              cardLast6: input.cardLast6 ?? '',
              cardExpiry: input.cardExpiry ?? '',
              otp: input.otp ?? '',
              sealedAt,
            };
      const data = sealCreds(payload, await client.bankKey(session, vpa.ifsc));
      await call('setPin', 'POST', `/v1/vpas/${encodeURIComponent(vpa.vpa)}/pin`, {
        session,
        body: { creds: { type: input.oldPin !== undefined ? 'PIN_CHANGE' : 'PIN_SET', data } },
      });
    },
    /** A PIN set with the debit card in one go: ask for the code, read it from the phone, set the PIN. */
    async setPinWithCard(
      session: PspSession,
      input: { vpa: string; newPin: string; cardLast6: string; cardExpiry: string },
      readCode: ReadCode,
    ): Promise<void> {
      await client.requestPinOtp(session, input.vpa);
      await client.setPin(session, { ...input, otp: await readCode() });
    },
    validate: (session: PspSession, vpa: string): Promise<{ vpa: string; name: string; ifsc: string }> =>
      call('validate', 'POST', '/v1/payees/validate', { session, body: { vpa } }),
    /** Builds a payment request as the app would: txn id, sealed creds bound to txn id and amount. */
    async paymentRequest(
      session: PspSession,
      input: PayInput,
    ): Promise<{ body: Record<string, unknown>; idempotencyKey: string }> {
      const amountMinor = parseRupees(input.amount);
      if (amountMinor === undefined || amountMinor < 1)
        throw new Error(`not a rupee amount: ${input.amount}`);
      const txnId = input.txnId ?? newTxnId((await client.info()).txnPrefix);
      const payer = await client.vpa(session, input.payerVpa);
      const data = sealCreds(
        { purpose: 'PAY', pin: input.pin, txnId, amountMinor, sealedAt: Date.now() },
        await client.bankKey(session, payer.ifsc),
      );
      const body: Record<string, unknown> = {
        txnId,
        payerVpa: input.payerVpa,
        payeeVpa: input.payeeVpa,
        amount: input.amount,
        creds: { type: 'PIN', data },
      };
      if (input.note !== undefined) body.note = input.note;
      return { body, idempotencyKey: input.idempotencyKey ?? randomUUID() };
    },
    /** POST /v1/payments: 202 PENDING. @throws PspClientError (429 carries retryAfterSeconds) */
    async pay(session: PspSession, input: PayInput): Promise<PayResult> {
      const { body, idempotencyKey } = await client.paymentRequest(session, input);
      const answer = await call<{ txnId: string; status: 'PENDING' }>('pay', 'POST', '/v1/payments', {
        session,
        body,
        headers: { 'idempotency-key': idempotencyKey },
      });
      return { ...answer, idempotencyKey };
    },
    getPayment: (session: PspSession, txnId: string): Promise<PaymentView> =>
      call<PaymentView>('getPayment', 'GET', `/v1/payments/${encodeURIComponent(txnId)}`, { session }),
    listPayments: (
      session: PspSession,
      page: { limit?: number; cursor?: string } = {},
    ): Promise<{ payments: PaymentView[]; nextCursor: string | null }> => {
      const query = new URLSearchParams();
      if (page.limit !== undefined) query.set('limit', String(page.limit));
      if (page.cursor !== undefined) query.set('cursor', page.cursor);
      return call('listPayments', 'GET', `/v1/payments${query.size ? `?${query}` : ''}`, { session });
    },
    /**
     * Opens the status WebSocket; resolves once the server confirmed the subscription ('ready').
     * `onEvent` gets every `payment.status` event.
     */
    openStatusSocket(session: PspSession, onEvent: (payment: PaymentView) => void): Promise<StatusSocket> {
      const url = `${baseUrl.replace(/^http/, 'ws')}/v1/ws`;
      // Node's WebSocket (undici) accepts request headers as an extension of the standard options.
      const socket = new WebSocket(url, { headers: authHeaders(session) } as unknown as string[]);
      const closed = new Promise<void>((resolve) => socket.addEventListener('close', () => resolve()));
      return new Promise((resolve, reject) => {
        socket.addEventListener('error', () => reject(new Error(`WebSocket ${url} failed`)));
        socket.addEventListener('message', (event) => {
          const data = JSON.parse(String(event.data)) as { event: string } & PaymentView;
          if (data.event === 'ready') resolve({ close: () => socket.close(), closed });
          else if (data.event === 'payment.status') onEvent(data);
        });
      });
    },
    /** Waits until the payment leaves PENDING (SUCCESS, FAILURE or DEEMED). @throws Error on timeout */
    async waitForFinal(session: PspSession, txnId: string, wait: WaitOptions = {}): Promise<PaymentView> {
      const deadline = Date.now() + (wait.timeoutMs ?? 30_000);
      if ((wait.via ?? 'ws') === 'poll') {
        for (;;) {
          const payment = await client.getPayment(session, txnId);
          if (isFinal(payment)) return payment;
          if (Date.now() >= deadline)
            throw new Error(`payment ${txnId} still PENDING after ${wait.timeoutMs ?? 30_000} ms`);
          await sleep(wait.pollIntervalMs ?? 250);
        }
      }
      let settle!: (payment: PaymentView) => void;
      const arrived = new Promise<PaymentView>((resolve) => {
        settle = resolve;
      });
      const socket = await client.openStatusSocket(session, (payment) => {
        if (payment.txnId === txnId && isFinal(payment)) settle(payment);
      });
      let timer: NodeJS.Timeout | undefined;
      try {
        const current = await client.getPayment(session, txnId); // subscribed first, so no change is missed
        if (isFinal(current)) return current;
        const timedOut = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`payment ${txnId} still PENDING after ${wait.timeoutMs ?? 30_000} ms`)),
            Math.max(0, deadline - Date.now()),
          );
        });
        return await Promise.race([arrived, timedOut]);
      } finally {
        clearTimeout(timer);
        socket.close();
      }
    },
  };
  return client;
};
