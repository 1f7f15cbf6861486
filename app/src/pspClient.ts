/**
 * The customer's UPI app talking to its PSP: plain fetch and the global WebSocket, no node built-ins — the
 * same client runs in the browser app (app/src/web/) and in Node (the demo, the load tools, the tests). It
 * plays the payment app's part, including NPCI's Common Library: it generates the txn id (this PSP's
 * prefix), fetches the bank's public key and seals the PIN block with sealCreds — the PSP never sees a PIN,
 * nor the bank's one-time code for a PIN set. One-time codes arrive by SMS (phone/smsInbox.ts): the flows
 * that need one take a `readCode` that reads it from the phone.
 */
import {
  fromBase64,
  newTxnId,
  parseRupees,
  sealCreds,
  type CredsPayload,
  type PublicKeyEntry,
} from '@switchyard/contracts/client';
import type { PaymentView } from '@switchyard/psp';
import {
  PspClientError,
  type AccountInfo,
  type PayInput,
  type PayResult,
  type PspInfo,
  type PspSession,
  type RawResponse,
  type ReadCode,
  type RegistrationStarted,
  type SetPinInput,
  type StatusCheck,
  type VpaInfo,
  type WaitOptions,
} from './pspTypes.ts';
import { openStatusSocket, type SocketAuth, type StatusSocket } from './statusSocket.ts';

export * from './pspTypes.ts';
export type { StatusSocket, SocketAuth } from './statusSocket.ts';

export type PspClient = ReturnType<typeof createPspClient>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** A random UUID v4 (crypto.randomUUID exists only in secure contexts; getRandomValues everywhere). */
export const randomId = (): string => {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
const parseBody = (text: string): unknown => {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text; // a proxy's or a gateway's plain-text error page
  }
};
const isFinal = (payment: PaymentView): boolean => payment.status !== 'PENDING';

/**
 * @param options.baseUrl the PSP, or in a browser the app server's same-origin path to it (`/zap/api`)
 * @param options.timeoutMs per HTTP request (default 30 s)
 * @param options.socketAuth how the status socket authenticates: request headers (Node, straight to the
 *   PSP) or a first frame (a browser cannot set WebSocket headers; the app server's bridge reads the frame)
 */
export const createPspClient = (options: {
  baseUrl: string;
  timeoutMs?: number;
  socketAuth?: SocketAuth;
}) => {
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
      body: parseBody(text),
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
      const deviceId = input.deviceId ?? `device-${randomId()}`;
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
    /** GET /v1/accounts: the accounts discovered for this user (with whether a UPI PIN was set then). */
    accounts: async (session: PspSession): Promise<AccountInfo[]> =>
      (await call<{ accounts: AccountInfo[] }>('accounts', 'GET', '/v1/accounts', { session })).accounts,
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
        boxPublicKey: fromBase64(body.boxPublicKey),
        signPublicKey: fromBase64(body.signPublicKey),
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
      return { body, idempotencyKey: input.idempotencyKey ?? randomId() };
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
     * `onEvent` gets every `payment.status` event. @throws Error when the socket is refused or closes first
     */
    openStatusSocket: (session: PspSession, onEvent: (payment: PaymentView) => void): Promise<StatusSocket> =>
      openStatusSocket({ url: `${baseUrl}/v1/ws`, auth: options.socketAuth ?? 'headers', session }, onEvent),
    /**
     * POST /v1/payments/:txnId/check: asks the PSP to check a pending (or deemed) payment's status with the
     * switch; the PSP may refuse (too early, checks exhausted, already final) and says so.
     * @throws PspClientError for any refusal of the request itself (404 not the user's payment…)
     */
    async checkStatus(session: PspSession, txnId: string): Promise<StatusCheck> {
      const answer = await request('POST', `/v1/payments/${encodeURIComponent(txnId)}/check`, { session });
      if (answer.status !== 200) throw new PspClientError(answer, 'checkStatus');
      const body = answer.body as { payment: PaymentView; check: Omit<StatusCheck, 'payment'> };
      return { payment: body.payment, ...body.check };
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
      let timer: ReturnType<typeof setTimeout> | undefined;
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
