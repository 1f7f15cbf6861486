import { expect } from 'chai';
import { newTxnId } from '@switchyard/contracts';
import { startPspTestApp, type PspTestApp } from './support/pspTestApp.ts';
import { userWithVpa, type TestUser } from './support/users.ts';

type Case = {
  name: string;
  method?: 'POST' | 'GET';
  url?: string;
  body?: unknown; // JSON-encoded unless raw
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
  status: number;
  code: string;
  /** The field the 400 must name (e.g. `body/note`, `params/txnId`, `querystring/cursor`). */
  field?: string;
};

const STATE_TABLES = [
  'users',
  'registrations',
  'linked_accounts',
  'vpas',
  'payments',
  'idempotency_keys',
  'upstream_requests',
  'outbox',
];

describe('psp: bad input never gets a 5xx and never changes state', () => {
  let psp: PspTestApp;
  let user: TestUser & { vpa: string };
  const good = () => ({
    txnId: newTxnId('ZAP'),
    payerVpa: 'badin@zap',
    payeeVpa: 'vikram@kite',
    amount: '10.00',
    creds: { type: 'PIN', data: 'c2VhbGVkLWNyZWRz' },
  });

  before(async () => {
    psp = await startPspTestApp();
    user = await userWithVpa(psp, 'badin', '100000000077');
  });
  after(async () => {
    await psp.close();
  });

  /** Free text that no field may carry (issue 7): control characters and unpaired UTF-16 surrogates. */
  const poison: Array<[string, string]> = [
    ['NUL', 'a\u0000b'],
    ['ESC', 'a\u001bb'],
    ['newline', 'a\nb'],
    ['DEL', 'a\u007fb'],
    ['C1 NEL', 'a\u0085b'],
    ['unpaired high surrogate', 'a\ud800b'],
    ['unpaired low surrogate', '\udc00ab'],
  ];
  /**
   * A path segment as a client would percent-encode it; an unpaired surrogate has no UTF-8 form, so it goes
   * as the bytes a lax encoder writes for it (ED A0 80 / ED B0 80): not valid UTF-8.
   */
  const segment = (text: string): string =>
    [...text]
      .map((char) => {
        const unit = char.charCodeAt(0);
        if (unit >= 0xd800 && unit <= 0xdfff)
          return `%ED%${(0xa0 + ((unit >> 6) & 0x1f)).toString(16).toUpperCase()}%${(0x80 + (unit & 0x3f)).toString(16).toUpperCase()}`;
        return encodeURIComponent(char);
      })
      .join('');
  const isSurrogate = (text: string): boolean => /[\ud800-\udfff]/.test(text);
  /** A path with invalid UTF-8 is refused before routing (no field to name); any other is a field error. */
  const pathRefusal = (text: string, field: string): Pick<Case, 'code' | 'field'> =>
    isSurrogate(text) ? { code: 'PSP_ERR_BAD_REQUEST' } : { code: 'PSP_ERR_VALIDATION', field };
  const cursorOf = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
  const goodTxnId = newTxnId('ZAP');
  const textCases = (): Case[] =>
    poison.flatMap(([what, text]): Case[] => [
      {
        name: `register: ${what} in the name (no login needed)`,
        url: '/v1/users',
        body: { name: text, mobile: '9876543210', deviceId: 'd' },
        headers: { authorization: '', 'x-device-id': '' },
        status: 400,
        code: 'PSP_ERR_VALIDATION',
        field: 'name',
      },
      {
        name: `register: ${what} in the device id`,
        url: '/v1/users',
        body: { name: 'A', mobile: '9876543210', deviceId: text },
        status: 400,
        code: 'PSP_ERR_VALIDATION',
        field: 'deviceId',
      },
      {
        name: `register: ${what} in the mobile`,
        url: '/v1/users',
        body: { name: 'A', mobile: `98765${text}`, deviceId: 'd' },
        status: 400,
        code: 'PSP_ERR_VALIDATION',
        field: 'mobile',
      },
      {
        name: `pay: ${what} in the note`,
        body: { ...good(), note: `lunch ${text}` },
        status: 400,
        code: 'PSP_ERR_VALIDATION',
        field: 'note',
      },
      {
        name: `pay: ${what} in the txn id`,
        body: { ...good(), txnId: `${newTxnId('ZAP').slice(0, 33)}${text.slice(0, 2)}` },
        status: 400,
        code: 'PSP_ERR_VALIDATION',
        field: 'txnId',
      },
      {
        name: `payment: ${what} in the txn id path parameter`,
        method: 'GET',
        url: `/v1/payments/${segment(`${goodTxnId.slice(0, 33)}${text.slice(0, 2)}`)}`,
        status: 400,
        ...pathRefusal(text, 'txnId'),
      },
      {
        name: `pin: ${what} in the VPA path parameter`,
        url: `/v1/vpas/${segment(`badin${text}@zap`)}/pin`,
        body: { creds: { type: 'PIN_SET', data: 'abc' } },
        status: 400,
        ...pathRefusal(text, 'vpa'),
      },
      {
        name: `pin otp: ${what} in the VPA path parameter`,
        url: `/v1/vpas/${segment(`badin${text}@zap`)}/pin/otp`,
        status: 400,
        ...pathRefusal(text, 'vpa'),
      },
      {
        name: `vpa: ${what} in the username`,
        url: '/v1/vpas',
        body: { username: `ab${text}`, acNum: '100000000077', ifsc: 'LOTS0000001' },
        status: 400,
        code: 'PSP_ERR_VPA_INVALID',
      },
      {
        name: `validate: ${what} in the VPA`,
        url: '/v1/payees/validate',
        body: { vpa: `vikram${text}@kite` },
        status: 400,
        code: 'PSP_ERR_VPA_INVALID',
      },
      {
        name: `list: ${what} in the cursor's txn id`,
        method: 'GET',
        url: `/v1/payments?cursor=${cursorOf(['2025-11-21T10:15:00.000Z', `${goodTxnId.slice(0, 33)}${text.slice(0, 2)}`, 'PAYER'])}`,
        status: 400,
        code: 'PSP_ERR_VALIDATION',
        field: 'cursor',
      },
    ]);
  const rangeCases = (): Case[] => [
    ...[
      '0000-01-01T00:00:00.000Z',
      '+010000-01-01T00:00:00.000Z',
      '-000001-01-01T00:00:00.000Z',
      '1999-12-31T23:59:59.999Z',
      '2025-02-30T00:00:00.000Z',
      '2025-11-21T10:15:00Z',
      '2025-11-21',
      'now',
      '',
    ].map((createdAt): Case => ({
      name: `list: cursor dated ${JSON.stringify(createdAt)}`,
      method: 'GET',
      url: `/v1/payments?cursor=${cursorOf([createdAt, goodTxnId, 'PAYER'])}`,
      status: 400,
      code: 'PSP_ERR_VALIDATION',
      field: 'cursor',
    })),
    {
      name: 'list: cursor with another role',
      method: 'GET',
      url: `/v1/payments?cursor=${cursorOf(['2025-11-21T10:15:00.000Z', goodTxnId, 'ADMIN'])}`,
      status: 400,
      code: 'PSP_ERR_VALIDATION',
      field: 'cursor',
    },
    {
      name: 'list: cursor that is not JSON',
      method: 'GET',
      url: `/v1/payments?cursor=${Buffer.from('[2025').toString('base64url')}`,
      status: 400,
      code: 'PSP_ERR_VALIDATION',
      field: 'cursor',
    },
    {
      name: 'payment: txn id path parameter of another form',
      method: 'GET',
      url: '/v1/payments/zap123',
      status: 400,
      code: 'PSP_ERR_VALIDATION',
      field: 'txnId',
    },
    {
      name: 'pin: VPA path parameter without a handle',
      url: '/v1/vpas/badin/pin',
      body: { creds: { type: 'PIN_SET', data: 'abc' } },
      status: 400,
      code: 'PSP_ERR_VALIDATION',
      field: 'vpa',
    },
    {
      name: 'verify: registration id not a UUID',
      url: '/v1/users/verify',
      body: { registrationId: 'x\u0000', otp: '123456' },
      status: 400,
      code: 'PSP_ERR_VALIDATION',
      field: 'registrationId',
    },
    {
      name: 'verify: a 5-digit code',
      url: '/v1/users/verify',
      body: { registrationId: '00000000-0000-4000-8000-000000000000', otp: '12345' },
      status: 400,
      code: 'PSP_ERR_VALIDATION',
      field: 'otp',
    },
    {
      name: 'verify: a code with NUL',
      url: '/v1/users/verify',
      body: { registrationId: '00000000-0000-4000-8000-000000000000', otp: '12345\u0000' },
      status: 400,
      code: 'PSP_ERR_VALIDATION',
      field: 'otp',
    },
  ];

  const cases = (): Case[] => [
    ...textCases(),
    ...rangeCases(),
    { name: 'malformed JSON', raw: '{"txnId": "ZAP', status: 400, code: 'PSP_ERR_BAD_REQUEST' },
    { name: 'empty JSON body', raw: '', status: 400, code: 'PSP_ERR_BAD_REQUEST' },
    { name: 'JSON array instead of object', body: [good()], status: 400, code: 'PSP_ERR_VALIDATION' },
    {
      name: 'prototype poisoning',
      raw: `{"__proto__": {"admin": true}, ${JSON.stringify(good()).slice(1)}`,
      status: 400,
      code: 'PSP_ERR_BAD_REQUEST',
    },
    {
      name: 'unknown top-level field',
      body: { ...good(), extra: 1 },
      status: 400,
      code: 'PSP_ERR_VALIDATION',
    },
    {
      name: 'unknown field inside creds',
      body: { ...good(), creds: { type: 'PIN', data: 'abc', pin: '1234' } },
      status: 400,
      code: 'PSP_ERR_VALIDATION',
    },
    { name: 'amount as a number', body: { ...good(), amount: 10 }, status: 400, code: 'PSP_ERR_VALIDATION' },
    { name: 'txnId as a number', body: { ...good(), txnId: 12345 }, status: 400, code: 'PSP_ERR_VALIDATION' },
    {
      name: 'txnId of the wrong length',
      body: { ...good(), txnId: 'ZAP123' },
      status: 400,
      code: 'PSP_ERR_VALIDATION',
    },
    { name: 'missing creds', body: { ...good(), creds: undefined }, status: 400, code: 'PSP_ERR_VALIDATION' },
    {
      name: 'creds of another type',
      body: { ...good(), creds: { type: 'OTP', data: 'abc' } },
      status: 400,
      code: 'PSP_ERR_VALIDATION',
    },
    {
      name: 'creds data not base64url',
      body: { ...good(), creds: { type: 'PIN', data: 'not base64!' } },
      status: 400,
      code: 'PSP_ERR_VALIDATION',
    },
    {
      name: 'note longer than 50',
      body: { ...good(), note: 'x'.repeat(51) },
      status: 400,
      code: 'PSP_ERR_VALIDATION',
    },
    {
      name: 'amount with 3 decimals',
      body: { ...good(), amount: '10.001' },
      status: 400,
      code: 'PSP_ERR_AMOUNT_INVALID',
    },
    {
      name: 'negative amount',
      body: { ...good(), amount: '-5.00' },
      status: 400,
      code: 'PSP_ERR_AMOUNT_INVALID',
    },
    { name: 'zero amount', body: { ...good(), amount: '0.00' }, status: 400, code: 'PSP_ERR_AMOUNT_INVALID' },
    {
      name: 'exponent amount',
      body: { ...good(), amount: '1e3' },
      status: 400,
      code: 'PSP_ERR_AMOUNT_INVALID',
    },
    {
      name: 'amount with spaces',
      body: { ...good(), amount: ' 10' },
      status: 400,
      code: 'PSP_ERR_AMOUNT_INVALID',
    },
    {
      name: 'amount above the network bound',
      body: { ...good(), amount: '9999999999' },
      status: 400,
      code: 'PSP_ERR_AMOUNT_INVALID',
    },
    { name: 'empty amount', body: { ...good(), amount: '' }, status: 400, code: 'PSP_ERR_VALIDATION' },
    {
      name: 'payee not a VPA',
      body: { ...good(), payeeVpa: 'vikram' },
      status: 400,
      code: 'PSP_ERR_VALIDATION',
    },
    {
      name: 'payee VPA over 255 characters',
      body: { ...good(), payeeVpa: `${'v'.repeat(251)}@kite` },
      status: 400,
      code: 'PSP_ERR_VALIDATION',
    },
    {
      name: 'oversized body',
      body: { ...good(), note: 'x'.repeat(20_000) },
      status: 413,
      code: 'PSP_ERR_BODY_TOO_LARGE',
    },
    {
      name: 'unsupported media type',
      raw: '<pay/>',
      contentType: 'application/xml',
      status: 415,
      code: 'PSP_ERR_UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'text/plain body',
      raw: JSON.stringify(good()),
      contentType: 'text/plain',
      status: 400,
      code: 'PSP_ERR_VALIDATION',
    },
    {
      name: 'missing Idempotency-Key',
      body: good(),
      headers: { 'idempotency-key': '' },
      status: 400,
      code: 'PSP_ERR_VALIDATION',
    },
    {
      name: 'Idempotency-Key over 64 characters',
      body: good(),
      headers: { 'idempotency-key': 'k'.repeat(65) },
      status: 400,
      code: 'PSP_ERR_VALIDATION',
    },
    {
      name: 'payer VPA not ours',
      body: { ...good(), payerVpa: 'nobody@zap' },
      status: 422,
      code: 'PSP_ERR_PAYER_VPA_UNKNOWN',
    },
    {
      name: 'register: bad mobile',
      url: '/v1/users',
      body: { name: 'A', mobile: '12345', deviceId: 'd' },
      status: 400,
      code: 'PSP_ERR_VALIDATION',
    },
    {
      name: 'register: unknown field',
      url: '/v1/users',
      body: { name: 'A', mobile: '9876543210', deviceId: 'd', admin: true },
      status: 400,
      code: 'PSP_ERR_VALIDATION',
    },
    {
      name: 'register: empty name',
      url: '/v1/users',
      body: { name: '', mobile: '9876543210', deviceId: 'd' },
      status: 400,
      code: 'PSP_ERR_VALIDATION',
    },
    {
      name: 'vpa: username with a space',
      url: '/v1/vpas',
      body: { username: 'a b', acNum: '100000000077', ifsc: 'LOTS0000001' },
      status: 400,
      code: 'PSP_ERR_VPA_INVALID',
    },
    {
      name: 'vpa: total over 255',
      url: '/v1/vpas',
      body: { username: 'a'.repeat(252), acNum: '100000000077', ifsc: 'LOTS0000001' },
      status: 400,
      code: 'PSP_ERR_VPA_INVALID',
    },
    {
      name: 'vpa: bad IFSC',
      url: '/v1/vpas',
      body: { username: 'abc', acNum: '100000000077', ifsc: 'lots0000001' },
      status: 400,
      code: 'PSP_ERR_VALIDATION',
    },
    {
      name: 'vpa: account not discovered',
      url: '/v1/vpas',
      body: { username: 'abc', acNum: '100000000999', ifsc: 'LOTS0000001' },
      status: 422,
      code: 'PSP_ERR_ACCOUNT_NOT_LINKED',
    },
    {
      name: 'discover: unknown bank',
      url: '/v1/accounts/discover',
      body: { ifsc: 'ZZZZ0000001' },
      status: 404,
      code: 'PSP_ERR_BANK_UNKNOWN',
    },
    {
      name: 'validate: not a VPA',
      url: '/v1/payees/validate',
      body: { vpa: 'x@y@z' },
      status: 400,
      code: 'PSP_ERR_VPA_INVALID',
    },
    {
      name: 'pin: creds type PIN',
      url: '/v1/vpas/badin@zap/pin',
      body: { creds: { type: 'PIN', data: 'abc' } },
      status: 400,
      code: 'PSP_ERR_VALIDATION',
    },
    {
      name: 'pin: VPA of nobody',
      url: '/v1/vpas/ghost@zap/pin',
      body: { creds: { type: 'PIN_SET', data: 'abc' } },
      status: 404,
      code: 'PSP_ERR_NOT_FOUND',
    },
    {
      name: 'keys: unknown bank',
      method: 'GET',
      url: '/v1/keys/banks/ZZZZ0000001',
      status: 404,
      code: 'PSP_ERR_BANK_UNKNOWN',
    },
    {
      name: 'keys: not an IFSC',
      method: 'GET',
      url: '/v1/keys/banks/nope',
      status: 400,
      code: 'PSP_ERR_VALIDATION',
    },
    {
      name: 'list: limit not a number',
      method: 'GET',
      url: '/v1/payments?limit=ten',
      status: 400,
      code: 'PSP_ERR_VALIDATION',
    },
    {
      name: 'list: unknown query parameter',
      method: 'GET',
      url: '/v1/payments?admin=1',
      status: 400,
      code: 'PSP_ERR_VALIDATION',
    },
    { name: 'unknown route', method: 'GET', url: '/v1/nope', status: 404, code: 'PSP_ERR_NOT_FOUND' },
    {
      name: 'malformed URL encoding',
      method: 'GET',
      url: '/v1/payments/%E0%A4%A',
      status: 400,
      code: 'PSP_ERR_BAD_REQUEST',
    },
    {
      name: 'plain GET on the WebSocket endpoint',
      method: 'GET',
      url: '/v1/ws',
      status: 426,
      code: 'PSP_ERR_UPGRADE_REQUIRED',
    },
    {
      name: 'list: limit zero',
      method: 'GET',
      url: '/v1/payments?limit=0',
      status: 400,
      code: 'PSP_ERR_VALIDATION',
    },
    {
      name: 'unknown method',
      method: 'POST',
      url: '/v1/info',
      body: {},
      status: 404,
      code: 'PSP_ERR_NOT_FOUND',
    },
  ];

  const counts = async (): Promise<Record<string, number>> =>
    Object.fromEntries(await Promise.all(STATE_TABLES.map(async (t) => [t, await psp.count(t)] as const)));

  it('answers each bad request with its 4xx code and a message, and writes nothing', async () => {
    const before = await counts();
    for (const c of cases()) {
      const headers: Record<string, string> = {
        ...user.headers,
        ...(c.headers?.authorization === '' ? { authorization: '', 'x-device-id': '' } : {}),
        'idempotency-key': `bad-${c.name.replace(/[^A-Za-z0-9]/g, '-')}`.slice(0, 64),
        ...c.headers,
      };
      for (const name of ['idempotency-key', 'authorization', 'x-device-id'])
        if (headers[name] === '') delete headers[name];
      const payload = c.raw ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
      if (payload !== undefined) headers['content-type'] = c.contentType ?? 'application/json';
      const response = await psp.app.inject({
        method: c.method ?? 'POST',
        url: c.url ?? '/v1/payments',
        headers,
        payload,
      });
      expect(response.statusCode, `${c.name}: ${response.body}`).to.equal(c.status);
      const body = response.json();
      expect(body.code, `${c.name}: ${body.message}`).to.equal(c.code);
      expect(body.message, c.name).to.be.a('string').and.not.equal('');
      if (c.field !== undefined) expect(body.message, c.name).to.include(c.field);
      expect(body.requestId, c.name).to.be.a('string');
    }
    expect(await counts()).to.deep.equal(before);
  });

  it('turns an unexpected failure into 500 "internal error" with a request id and nothing else', async () => {
    const app = psp.app;
    const txnId = newTxnId('ZAP');
    // Break the outbox for one request: the transaction rolls back, the client sees only a request id.
    const original = psp.deps.outbox.enqueue;
    psp.deps.outbox.enqueue = async () => {
      throw new Error('relation "secret_table" does not exist');
    };
    try {
      const before = await counts();
      const response = await app.inject({
        method: 'POST',
        url: '/v1/payments',
        headers: { ...user.headers, 'idempotency-key': 'boom' },
        payload: { ...good(), txnId },
      });
      expect(response.statusCode).to.equal(500);
      expect(Object.keys(response.json()).sort()).to.deep.equal(['code', 'message', 'requestId']);
      expect(response.json()).to.include({ code: 'PSP_ERR_INTERNAL', message: 'internal error' });
      expect(response.body).not.to.contain('secret_table');
      expect(await counts()).to.deep.equal(before);
      expect(psp.deps.admission.inFlight(Date.now())).to.equal(0);
    } finally {
      psp.deps.outbox.enqueue = original;
    }
  });
});
