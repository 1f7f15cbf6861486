/** The operator HTTP API through app.inject() (no socket), on a real database. */
import { expect } from 'chai';
import { createLogger } from '@switchyard/infra';
import { sql } from 'slonik';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { BANK, customer, requests, startBankHarness, type BankHarness } from './support/bankHarness.ts';

const OPERATOR_KEY = 'test-operator-key-0123456789';

describe('bank: HTTP (int)', () => {
  let bank: BankHarness;
  let app: FastifyInstance;
  let brokerUp = true;
  const asha = customer(1);

  before(async () => {
    bank = await startBankHarness([asha]);
    await bank.ask(requests(bank).debit({ acNum: asha.acNum, amountMinor: 2_500 }), 'upi.RespPay.DEBIT.v1');
    app = await buildApp({
      db: bank.db,
      log: createLogger({ name: BANK, level: 'silent' }),
      participant: BANK,
      operatorKey: OPERATOR_KEY,
      httpLimits: {
        bodySizeMax: 16_384,
        requestTimeoutMs: 10_000,
        connectionTimeoutMs: 10_000,
        keepAliveTimeoutMs: 5_000,
      },
      healthProbes: { rabbitmq: () => brokerUp },
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await bank.close();
  });

  it('GET /health: 200 when Postgres and the broker are up, 503 naming the broker when it is down', async () => {
    const up = await app.inject({ method: 'GET', url: '/health' });
    expect(up.statusCode).to.equal(200);
    expect(up.json()).to.deep.equal({
      status: 'ok',
      participant: BANK,
      checks: { postgres: true, rabbitmq: true },
    });
    brokerUp = false;
    const down = await app.inject({ method: 'GET', url: '/health' });
    brokerUp = true;
    expect(down.statusCode).to.equal(503);
    expect(down.json()).to.deep.include({ status: 'degraded', checks: { postgres: true, rabbitmq: false } });
  });

  it("GET /metrics serves the registry text, the bank's own metrics among it", async () => {
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).to.equal(200);
    expect(response.headers['content-type']).to.match(/^text\/plain/);
    expect(response.body).to.contain('# TYPE bank_leg_answers_total counter');
  });

  it('GET /v1/accounts/:acNum needs the operator key', async () => {
    for (const headers of [{}, { 'x-operator-key': 'wrong' }, { 'x-operator-key': `${OPERATOR_KEY}x` }]) {
      const response = await app.inject({ method: 'GET', url: `/v1/accounts/${asha.acNum}`, headers });
      expect(response.statusCode).to.equal(401);
      expect(response.json()).to.include({ code: 'BANK_ERR_UNAUTHORISED' });
    }
  });

  it('GET /v1/accounts/:acNum: balance, status and recent entries, newest first; no PIN material', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/v1/accounts/${asha.acNum}`,
      headers: { 'x-operator-key': OPERATOR_KEY },
    });
    expect(response.statusCode).to.equal(200);
    const body = response.json();
    expect(body).to.include({
      acNum: asha.acNum,
      status: 'ACTIVE',
      balanceMinor: 5_000_000 - 2_500,
      pinSet: true,
      pinLockedUntil: null,
    });
    expect(
      body.recentEntries.map((e: { leg: string; amountMinor: number }) => [e.leg, e.amountMinor]),
    ).to.deep.equal([
      ['DEBIT', -2_500],
      ['OPENING', 5_000_000],
    ]);
    expect(response.body).to.not.match(/scrypt|pvv\$|verifier/);
  });

  it('GET /v1/accounts/:acNum: 404 for an unknown account, 400 for a malformed number', async () => {
    const headers = { 'x-operator-key': OPERATOR_KEY };
    expect(
      (await app.inject({ method: 'GET', url: '/v1/accounts/199999999999', headers })).statusCode,
    ).to.equal(404);
    expect((await app.inject({ method: 'GET', url: '/v1/accounts/12ab', headers })).statusCode).to.equal(400);
  });

  it('GET /v1/ledger/check: 200 ok, then 409 with the breach after a hand-edited balance', async () => {
    const ok = await app.inject({ method: 'GET', url: '/v1/ledger/check' });
    expect(ok.statusCode).to.equal(200);
    expect(ok.json()).to.deep.include({ participant: BANK, ok: true, breaches: [] });
    await bank.db.pool.query(
      sql.unsafe`UPDATE accounts SET balance_minor = balance_minor - 1 WHERE ac_num = ${asha.acNum}`,
    );
    const broken = await app.inject({ method: 'GET', url: '/v1/ledger/check' });
    expect(broken.statusCode).to.equal(409);
    expect(broken.json().breaches).to.have.length(1);
    expect(broken.json().breaches[0]).to.include({ kind: 'BALANCE_MISMATCH', acNum: asha.acNum });
  });
});
