/**
 * The app server against a real PSP on a socket and a real phone network: the page's files under the PSP's
 * handle, the same-origin proxy to the PSP, the SMS bridge (server-sent events fed by a phone listening on
 * RabbitMQ) and the status-socket bridge (credentials in the first frame, PSP headers upstream).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { PaymentView } from '@switchyard/psp';
import { nextMobile, startPspTestApp, type PspTestApp } from '@switchyard/psp/testing';
import { createPspClient, type PspSession } from '../../src/pspClient.ts';
import { startAppServer, type AppServer } from '../../src/server/appServer.ts';

/** Reads a server-sent-events stream until `count` events arrived (or the deadline). */
const readEvents = async (url: string, count: number, onReady: () => Promise<void>) => {
  const abort = new AbortController();
  const response = await fetch(url, { signal: abort.signal });
  expect(response.headers.get('content-type')).to.match(/^text\/event-stream/);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: Array<{ event: string; data: unknown }> = [];
  let buffer = '';
  const deadline = setTimeout(() => abort.abort(), 15_000);
  try {
    while (events.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === undefined || data === undefined) continue;
        events.push({ event, data: JSON.parse(data) });
        if (event === 'ready') await onReady();
      }
    }
  } finally {
    clearTimeout(deadline);
    abort.abort();
  }
  return events;
};

describe('app: the app server (static files, PSP proxy, SMS and status bridges)', function () {
  this.timeout(60_000);
  let psp: PspTestApp;
  let server: AppServer;
  let staticDir: string;
  let session: PspSession;

  before(async () => {
    psp = await startPspTestApp({ smsOnBroker: true });
    await psp.app.listen({ host: '127.0.0.1', port: 0 });
    staticDir = await mkdtemp(join(tmpdir(), 'sy-app-'));
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>the app</title>');
    server = await startAppServer({
      psps: [
        {
          participant: 'psp.zap',
          name: 'ZapPay',
          handle: 'zap',
          url: `http://127.0.0.1:${(psp.app.server.address() as AddressInfo).port}`,
        },
      ],
      banks: [{ participant: 'bank.lotus', name: 'Lotus Bank', ifsc: 'LOTS0000001' }],
      ...psp.phoneNetwork!,
      port: 0,
      staticDir,
    });
  });
  after(async () => {
    await server?.close();
    await psp?.close();
    if (staticDir) await rm(staticDir, { recursive: true, force: true });
  });

  it('serves the page under the handle, its config, and the PSP same-origin under /<handle>/api', async () => {
    expect(await (await fetch(`${server.url}/zap/`)).text()).to.include('<title>the app</title>');
    expect(await (await fetch(`${server.url}/zap/app-config.json`)).json()).to.deep.equal({
      handle: 'zap',
      participant: 'psp.zap',
      pspName: 'ZapPay',
      banks: [{ participant: 'bank.lotus', name: 'Lotus Bank', ifsc: 'LOTS0000001' }],
    });
    const info = (await (await fetch(`${server.url}/zap/api/v1/info`)).json()) as { handle: string };
    expect(info.handle).to.equal('zap');
    expect((await fetch(`${server.url}/kite/api/v1/info`)).status).to.equal(404);
    // The PSP's operator routes and its metrics are not the app's to proxy.
    for (const path of ['/v1/operator/status', '/metrics', '/health', '/v1/operatorx'])
      expect((await fetch(`${server.url}/zap/api${path}`)).status, path).to.equal(404);
    expect((await fetch(`${server.url}/zap/api/docs/json`)).status).to.equal(200);
  });

  it('bridges the phone: the registration code the PSP sends by SMS arrives as an event, and registers through the proxy', async () => {
    const mobile = nextMobile();
    const client = createPspClient({ baseUrl: `${server.url}/zap/api` });
    let started: Awaited<ReturnType<typeof client.startRegistration>> | undefined;
    const events = await readEvents(`${server.url}/phone/${mobile}/sms`, 2, async () => {
      started = await client.startRegistration({ name: 'Asha Rao', mobile });
    });
    expect(events.map((e) => e.event)).to.deep.equal(['ready', 'sms']);
    const sms = events[1].data as { from: string; text: string };
    expect(sms.from).to.equal('ZAP');
    session = await client.verifyRegistration(started!, /\b([0-9]{6})\b/.exec(sms.text)![1]);
    expect(await client.vpas(session)).to.deep.equal([]);
  });

  it('refuses a phone number that is not one', async () => {
    expect((await fetch(`${server.url}/phone/12345/sms`)).status).to.equal(400);
  });

  it('bridges the status socket: credentials in the first frame, events relayed; refused credentials, no socket', async () => {
    const browserLike = createPspClient({ baseUrl: `${server.url}/zap/api`, socketAuth: 'firstFrame' });
    const seen: PaymentView[] = [];
    const socket = await browserLike.openStatusSocket(session, (payment) => seen.push(payment));
    const view = { txnId: 'ZAP00000000000000000000000000000001', status: 'SUCCESS' } as PaymentView;
    for (let i = 0; i < 50 && psp.deps.hub.publish(session.userId, view) === 0; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    for (let i = 0; i < 100 && seen.length === 0; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen.map((p) => [p.txnId, p.status])).to.deep.equal([[view.txnId, 'SUCCESS']]);
    socket.close();
    await socket.closed;

    const stranger = { ...session, token: 'A'.repeat(43) };
    let refused: unknown;
    await browserLike
      .openStatusSocket(stranger, () => undefined)
      .catch((error: unknown) => (refused = error));
    expect(String(refused)).to.match(/closed before ready \(1008/);
  });
});
