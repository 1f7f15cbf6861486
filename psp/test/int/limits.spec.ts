import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import { newTxnId } from '@switchyard/contracts';
import { startPspTestApp, type PspTestApp } from './support/pspTestApp.ts';
import { respPayFor, startPayment } from './support/payFlow.ts';
import { userWithVpa, type TestUser } from './support/users.ts';

describe('psp: admission control and connection limits', () => {
  let psp: PspTestApp;
  let asha: TestUser & { vpa: string };
  before(async () => {
    psp = await startPspTestApp({ limits: { paymentsInFlightMax: 2, wsConnectionsPerUserMax: 2 } });
    asha = await userWithVpa(psp, 'asha', '100000000001');
  });
  after(async () => {
    await psp.close();
  });

  it('answers 429 with Retry-After beyond paymentsInFlightMax, writes nothing, and admits again once one is final', async () => {
    const first = await startPayment(psp, asha, 'aa@kite');
    await startPayment(psp, asha, 'bb@kite');
    const before = {
      payments: await psp.count('payments'),
      keys: await psp.count('idempotency_keys'),
      outbox: await psp.count('outbox'),
    };
    const txnId = newTxnId('ZAP');
    const body = {
      txnId,
      payerVpa: asha.vpa,
      payeeVpa: 'cc@kite',
      amount: '1.00',
      creds: { type: 'PIN', data: 'c2VhbGVk' },
    };
    const refused = await psp.app.inject({
      method: 'POST',
      url: '/v1/payments',
      headers: { ...asha.headers, 'idempotency-key': 'third' },
      payload: body,
    });
    expect(refused.statusCode).to.equal(429);
    expect(refused.json().code).to.equal('PSP_ERR_TOO_MANY_IN_FLIGHT');
    expect(refused.headers['retry-after']).to.equal('1');
    expect({
      payments: await psp.count('payments'),
      keys: await psp.count('idempotency_keys'),
      outbox: await psp.count('outbox'),
    }).to.deep.equal(before);

    await psp.deliver(
      respPayFor(first.txnId, first.requestMessageId, asha.vpa, 'aa@kite', { status: 'SUCCESS' }),
    );
    const retried = await psp.app.inject({
      method: 'POST',
      url: '/v1/payments',
      headers: { ...asha.headers, 'idempotency-key': 'third' },
      payload: body,
    });
    expect(retried.statusCode).to.equal(202);
    await psp.takeOutbox();
  });

  it('refuses a WebSocket beyond wsConnectionsPerUserMax with 429, and frees the slot on close', async () => {
    const open = [
      await psp.app.injectWS('/v1/ws', { headers: asha.headers }),
      await psp.app.injectWS('/v1/ws', { headers: asha.headers }),
    ];
    let refusal: unknown;
    try {
      await psp.app.injectWS('/v1/ws', { headers: asha.headers });
    } catch (error) {
      refusal = error;
    }
    expect(String(refusal)).to.contain('429');
    expect(psp.deps.hub.connections(asha.userId)).to.equal(2);
    const closed = new Promise((resolve) => open[0].once('close', resolve));
    open[0].terminate();
    await closed;
    for (let i = 0; i < 50 && psp.deps.hub.connections(asha.userId) !== 1; i += 1)
      await new Promise((r) => setTimeout(r, 10));
    expect(psp.deps.hub.connections(asha.userId)).to.equal(1);
    const again = await psp.app.injectWS('/v1/ws', { headers: asha.headers });
    expect(psp.deps.hub.connections(asha.userId)).to.equal(2);
    again.terminate();
    open[1].terminate();
  });
});

describe('psp: the adaptive admission limit', () => {
  let psp: PspTestApp;
  before(async () => {
    // A ceiling of 4, a floor of 2, a 20 ms target; every finished payment is a window of its own.
    psp = await startPspTestApp({
      limits: {
        paymentsInFlightMax: 4,
        paymentsInFlightMin: 2,
        admissionLatencyTargetMs: 20,
        admissionWindowMs: 0,
        admissionWindowSamplesMin: 1,
      },
    });
  });
  after(async () => {
    await psp.close();
  });

  it('shrinks after slow payments, answers 429 with Retry-After under the ceiling, and admits again once one is final', async () => {
    const vikram = await userWithVpa(psp, 'vikram', '100000000021');
    const payees = ['aa@kite', 'bb@kite', 'cc@kite', 'dd@kite'];
    const started: Array<{ txnId: string; requestMessageId: string }> = [];
    for (const payee of payees) started.push(await startPayment(psp, vikram, payee));
    const limitGauge = async () =>
      /^psp_admission_limit (\d+)$/m.exec(
        (await psp.app.inject({ method: 'GET', url: '/metrics' })).body,
      )?.[1];
    expect(await limitGauge()).to.equal('4');
    await new Promise((resolve) => setTimeout(resolve, 50)); // each payment now took more than 20 ms
    const final = (i: number) =>
      psp.deliver(
        respPayFor(started[i].txnId, started[i].requestMessageId, vikram.vpa, payees[i], {
          status: 'SUCCESS',
        }),
      );
    await final(0); // p99 > 2.5 × the target: 4 × 0.5 → 2, the floor
    await final(1); // still slow: held at the floor
    expect([psp.deps.admission.limit(), psp.deps.admission.inFlight(Date.now())]).to.deep.equal([2, 2]);
    expect(await limitGauge()).to.equal('2');

    const body = {
      txnId: newTxnId('ZAP'),
      payerVpa: vikram.vpa,
      payeeVpa: 'ee@kite',
      amount: '1.00',
      creds: { type: 'PIN', data: 'c2VhbGVk' },
    };
    const pay = () =>
      psp.app.inject({
        method: 'POST',
        url: '/v1/payments',
        headers: { ...vikram.headers, 'idempotency-key': 'vikram-fifth' },
        payload: body,
      });
    const payments = await psp.count('payments');
    const refused = await pay();
    expect([refused.statusCode, refused.json().code]).to.deep.equal([429, 'PSP_ERR_TOO_MANY_IN_FLIGHT']);
    expect(refused.headers['retry-after']).to.equal('1');
    expect(refused.json().message).to.match(/^2 payments are in flight/);
    expect(await psp.count('payments')).to.equal(payments);

    await final(2); // slow too: the limit stays at the floor, and one slot is free
    expect(psp.deps.admission.limit()).to.equal(2);
    expect((await pay()).statusCode).to.equal(202);
    await psp.takeOutbox();
  });
});

describe('psp: per-user quota of payments in flight', () => {
  let psp: PspTestApp;
  before(async () => {
    psp = await startPspTestApp({ limits: { paymentsInFlightMax: 100, paymentsInFlightPerUserMax: 2 } });
  });
  after(async () => {
    await psp.close();
  });

  it("answers one user 429 with Retry-After beyond the quota, writes nothing, and leaves other users' payments alone", async () => {
    const rahul = await userWithVpa(psp, 'rahul', '100000000011');
    const meera = await userWithVpa(psp, 'meera', '100000000012');
    const first = await startPayment(psp, rahul, 'aa@kite');
    await startPayment(psp, rahul, 'bb@kite');
    const tables = async () => ({
      payments: await psp.count('payments'),
      keys: await psp.count('idempotency_keys'),
      outbox: await psp.count('outbox'),
    });
    const before = await tables();
    const body = {
      txnId: newTxnId('ZAP'),
      payerVpa: rahul.vpa,
      payeeVpa: 'cc@kite',
      amount: '1.00',
      creds: { type: 'PIN', data: 'c2VhbGVk' },
    };
    const pay = () =>
      psp.app.inject({
        method: 'POST',
        url: '/v1/payments',
        headers: { ...rahul.headers, 'idempotency-key': 'rahul-third' },
        payload: body,
      });
    const refused = await pay();
    expect([refused.statusCode, refused.json().code]).to.deep.equal([429, 'PSP_ERR_TOO_MANY_IN_FLIGHT']);
    expect(refused.json().message).to.match(/you have 2 payments in flight/);
    expect(refused.headers['retry-after']).to.equal('1');
    expect(await tables()).to.deep.equal(before);
    // another user still pays
    await startPayment(psp, meera, 'dd@kite');
    expect(psp.deps.admission.inFlight(Date.now(), rahul.userId)).to.equal(2);
    await psp.deliver(
      respPayFor(first.txnId, first.requestMessageId, rahul.vpa, 'aa@kite', { status: 'SUCCESS' }),
    );
    expect((await pay()).statusCode).to.equal(202);
    await psp.takeOutbox();
  });
});

describe('psp: WebSocket heartbeat', () => {
  it('terminates a socket whose peer stopped answering pings, and keeps a live one', async () => {
    const { default: WebSocketClient } = await import('ws');
    const psp = await startPspTestApp({ limits: { wsPingIntervalMs: 100 } });
    try {
      await psp.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = psp.app.server.address() as AddressInfo;
      const user = await userWithVpa(psp, 'pinger', '100000000011');
      const open = (autoPong: boolean) =>
        new Promise<InstanceType<typeof WebSocketClient>>((resolve, reject) => {
          const socket = new WebSocketClient(`ws://127.0.0.1:${port}/v1/ws`, {
            headers: user.headers,
            autoPong,
          });
          socket.once('message', () => resolve(socket)); // 'ready'
          socket.once('error', reject);
        });
      const live = await open(true);
      const silent = await open(false);
      const silentClosed = new Promise((resolve) => silent.once('close', resolve));
      expect(psp.deps.hub.connections(user.userId)).to.equal(2);
      await silentClosed; // within ~2 ping intervals
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(psp.deps.hub.connections(user.userId)).to.equal(1);
      expect(live.readyState).to.equal(WebSocketClient.OPEN);
      live.close();
      await new Promise((resolve) => live.once('close', resolve));
    } finally {
      await psp.close();
    }
  });
});
