import { expect } from 'chai';
import { newTxnId } from '@switchyard/contracts';
import { OPERATOR_KEY, startPspTestApp, type PspTestApp } from './support/pspTestApp.ts';
import { nextMobile, registerUser, userWithVpa } from './support/users.ts';

describe('psp: registration and authentication', () => {
  let psp: PspTestApp;
  before(async () => {
    psp = await startPspTestApp();
  });
  after(async () => {
    await psp.close();
  });

  it('registers a user with a device-bound token and stores only its SHA-256', async () => {
    const user = await registerUser(psp, 'Asha Rao', 'phone-1');
    expect(user.token).to.match(/^[A-Za-z0-9_-]{43}$/);
    const stored = (await psp.db.pool.one(
      (await import('slonik')).sql
        .unsafe`SELECT encode(token_sha256, 'hex') AS hash, device_id FROM users WHERE user_id = ${user.userId}`,
    )) as { hash: string; device_id: string };
    expect(stored.device_id).to.equal('phone-1');
    expect(stored.hash).to.have.length(64);
    expect(stored.hash).not.to.contain(Buffer.from(user.token).toString('hex'));
    const me = await psp.app.inject({ method: 'GET', url: '/v1/vpas', headers: user.headers });
    expect(me.statusCode).to.equal(200);
    expect(me.json()).to.deep.equal({ vpas: [] });
  });

  it('answers 401 PSP_ERR_UNAUTHENTICATED without a credential or with an unknown one', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer nope' },
      { authorization: `Bearer ${'a'.repeat(43)}`, 'x-device-id': 'x' },
      { authorization: 'Basic abc' },
    ]) {
      const response = await psp.app.inject({ method: 'GET', url: '/v1/payments', headers });
      expect(response.statusCode, JSON.stringify(headers)).to.equal(401);
      expect(response.json().code).to.equal('PSP_ERR_UNAUTHENTICATED');
    }
    const ws = await psp.app.inject({ method: 'GET', url: '/v1/ws' });
    expect(ws.statusCode).to.equal(401);
  });

  it('answers 401 PSP_ERR_DEVICE_MISMATCH for a valid token used from another device', async () => {
    const user = await registerUser(psp, 'Meera Iyer', 'phone-2');
    for (const device of ['phone-3', undefined]) {
      const headers: Record<string, string> = { authorization: `Bearer ${user.token}` };
      if (device) headers['x-device-id'] = device;
      const response = await psp.app.inject({ method: 'GET', url: '/v1/vpas', headers });
      expect(response.statusCode).to.equal(401);
      expect(response.json().code).to.equal('PSP_ERR_DEVICE_MISMATCH');
    }
  });

  it('rebinding a mobile to a new device (with the SMS code) revokes the old token and keeps the user id', async () => {
    const mobile = nextMobile();
    const first = await registerUser(psp, 'Rahul Das', 'old-phone', mobile);
    const second = await registerUser(psp, 'Rahul Das', 'new-phone', mobile);
    expect(second.userId).to.equal(first.userId);
    const old = await psp.app.inject({ method: 'GET', url: '/v1/vpas', headers: first.headers });
    expect(old.statusCode).to.equal(401);
    const fresh = await psp.app.inject({ method: 'GET', url: '/v1/vpas', headers: second.headers });
    expect(fresh.statusCode).to.equal(200);
  });

  it("shows only the user's own payments: another user's txn id is a 404", async () => {
    const asha = await userWithVpa(psp, 'asha.auth', '100000000101');
    const vikram = await userWithVpa(psp, 'vikram.auth', '100000000102');
    const txnId = newTxnId('ZAP');
    const paid = await psp.app.inject({
      method: 'POST',
      url: '/v1/payments',
      headers: { ...asha.headers, 'idempotency-key': 'k1' },
      payload: {
        txnId,
        payerVpa: asha.vpa,
        payeeVpa: 'someone@kite',
        amount: '10.00',
        creds: { type: 'PIN', data: 'c2VhbGVk' },
      },
    });
    expect(paid.statusCode).to.equal(202);
    expect(
      (await psp.app.inject({ method: 'GET', url: `/v1/payments/${txnId}`, headers: asha.headers }))
        .statusCode,
    ).to.equal(200);
    const other = await psp.app.inject({
      method: 'GET',
      url: `/v1/payments/${txnId}`,
      headers: vikram.headers,
    });
    expect(other.statusCode).to.equal(404);
    expect(other.json().code).to.equal('PSP_ERR_NOT_FOUND');
    const list = await psp.app.inject({ method: 'GET', url: '/v1/payments', headers: vikram.headers });
    expect(list.json().payments).to.deep.equal([]);
    // Nor can Vikram pay from Asha's VPA.
    const stolen = await psp.app.inject({
      method: 'POST',
      url: '/v1/payments',
      headers: { ...vikram.headers, 'idempotency-key': 'k1' },
      payload: {
        txnId: newTxnId('ZAP'),
        payerVpa: asha.vpa,
        payeeVpa: 'someone@kite',
        amount: '10.00',
        creds: { type: 'PIN', data: 'c2VhbGVk' },
      },
    });
    expect(stolen.statusCode).to.equal(422);
    expect(stolen.json().code).to.equal('PSP_ERR_PAYER_VPA_UNKNOWN');
  });

  it('guards operator endpoints with X-Operator-Key', async () => {
    const denied = await psp.app.inject({
      method: 'GET',
      url: '/v1/operator/status',
      headers: { 'x-operator-key': 'wrong' },
    });
    expect(denied.statusCode).to.equal(403);
    expect(denied.json().code).to.equal('PSP_ERR_FORBIDDEN');
    const allowed = await psp.app.inject({
      method: 'GET',
      url: '/v1/operator/status',
      headers: { 'x-operator-key': OPERATOR_KEY },
    });
    expect(allowed.statusCode).to.equal(200);
    expect(allowed.json()).to.include({ participant: 'psp.zap', paymentsInFlightMax: 100 });
  });

  it('serves /health, /v1/info, /metrics and the OpenAPI document at /docs', async () => {
    expect((await psp.app.inject({ method: 'GET', url: '/health' })).json()).to.deep.include({
      status: 'ok',
      participant: 'psp.zap',
    });
    expect((await psp.app.inject({ method: 'GET', url: '/v1/info' })).json()).to.deep.equal({
      participant: 'psp.zap',
      handle: 'zap',
      txnPrefix: 'ZAP',
    });
    const metrics = await psp.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).to.equal(200);
    expect(metrics.body).to.contain('http_request_duration_seconds_bucket');
    expect(metrics.body).to.match(/psp_payments\{role="PAYER",status="PENDING"\} \d+/);
    const docs = await psp.app.inject({ method: 'GET', url: '/docs/json' });
    expect(docs.statusCode).to.equal(200);
    expect(Object.keys(docs.json().paths)).to.include.members([
      '/v1/payments',
      '/v1/payments/{txnId}',
      '/v1/vpas',
      '/v1/payees/validate',
      '/v1/users',
      '/v1/users/verify',
      '/v1/vpas/{vpa}/pin/otp',
    ]);
    expect((await psp.app.inject({ method: 'GET', url: '/docs' })).statusCode).to.be.oneOf([200, 302]);
  });
});
