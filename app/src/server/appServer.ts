/**
 * The UPI app's server: serves the built web app (app/dist, `npm run build -w app`) under each PSP's handle
 * (`/zap/`, `/kite/`), proxies `/<handle>/api/*` to that PSP so the page talks to its PSP same-origin,
 * bridges the PSP's status WebSocket (statusBridge.ts) and the phone's SMS (smsBridge.ts). It holds no
 * state of its own and never sees a PIN: the page seals it for the bank before anything leaves the browser.
 * The tools start it (`make up`, tools/src/cli/app.ts); the end-to-end tests start it in-process.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyHttpProxy from '@fastify/http-proxy';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import type { AppConfig, AppConfigBank } from '../appConfig.ts';
import { connectPhoneNetwork, type PhoneNetwork } from '../phone/smsInbox.ts';
import { smsBridgeRoutes } from './smsBridge.ts';
import { statusBridgeRoutes } from './statusBridge.ts';

/** Where `npm run build -w app` writes the web app. */
export const APP_DIST_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));

export type AppServerPsp = { participant: string; name: string; handle: string; url: string };
export type AppServerBank = AppConfigBank;

export type AppServerOptions = {
  psps: readonly AppServerPsp[];
  /** The banks a customer can discover accounts at (the page lists them), each with the IFSC to ask. */
  banks: readonly AppServerBank[];
  /** The phone network: RabbitMQ and the network's name prefix (`sy.`, or a test run's). */
  amqpUrl: string;
  prefix: string;
  host?: string;
  /** 0 picks a free port. */
  port: number;
  staticDir?: string;
  /** Fastify's logger; off unless given (a level such as 'info'). */
  logLevel?: string;
};

export type AppServer = { url: string; app: FastifyInstance; close(): Promise<void> };

/** The PSP's customer routes (psp/README.md) and its OpenAPI pages. */
const CUSTOMER_API = /^\/(v1\/(info|users|keys|accounts|vpas|payees|payments)(\/|$)|docs(\/|$))/;

const registerPsp = async (
  app: FastifyInstance,
  psp: AppServerPsp,
  options: AppServerOptions,
  first: boolean,
): Promise<void> => {
  const config: AppConfig = {
    handle: psp.handle,
    participant: psp.participant,
    pspName: psp.name,
    banks: [...options.banks],
  };
  app.get(`/${psp.handle}/app-config.json`, async () => config);
  await app.register(
    statusBridgeRoutes({ handle: psp.handle, pspUrl: psp.url, bridgesMax: 200, authTimeoutMs: 10_000 }),
  );
  await app.register(fastifyHttpProxy, {
    upstream: psp.url,
    prefix: `/${psp.handle}/api`,
    rewritePrefix: '',
    websocket: false,
    // Only the customer's API goes through: the PSP's operator routes, /metrics and /health stay private.
    preHandler: (request, reply, done) => {
      const path = request.url.slice(`/${psp.handle}/api`.length).split('?')[0];
      if (CUSTOMER_API.test(path) && !path.startsWith('/v1/operator')) return done();
      void reply.code(404).send({ code: 'NOT_FOUND', message: 'not part of the app API' });
    },
  });
  await app.register(fastifyStatic, {
    root: options.staticDir ?? APP_DIST_DIR,
    prefix: `/${psp.handle}/`,
    decorateReply: first,
    index: ['index.html'],
  });
};

/**
 * Starts the app server and its phone-network connection.
 * @throws Error when the web app is not built, the broker cannot be reached or the port is taken
 */
export const startAppServer = async (options: AppServerOptions): Promise<AppServer> => {
  const staticDir = options.staticDir ?? APP_DIST_DIR;
  if (!existsSync(join(staticDir, 'index.html')))
    throw new Error(`the web app is not built (no ${join(staticDir, 'index.html')}): npm run build -w app`);
  const phones: PhoneNetwork = await connectPhoneNetwork({
    amqpUrl: options.amqpUrl,
    prefix: options.prefix,
  });
  const app = Fastify({ logger: options.logLevel ? { level: options.logLevel } : false });
  try {
    await app.register(fastifyWebsocket, { options: { maxPayload: 4096 } });
    app.get('/health', async () => ({ status: 'ok' }));
    app.get('/', async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><meta name="viewport" content="width=device-width"><title>Switchyard UPI apps</title>` +
            `<h1>Switchyard UPI apps</h1><ul>${options.psps
              .map((p) => `<li><a href="/${p.handle}/">${p.name} (@${p.handle})</a></li>`)
              .join('')}</ul>`,
        ),
    );
    await app.register(smsBridgeRoutes({ phones, streamsMax: 200, keepAliveMs: 15_000 }));
    for (const [index, psp] of options.psps.entries())
      await registerPsp(app, psp, { ...options, staticDir }, index === 0);
    const address = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port });
    return {
      url: address.replace('[::1]', '127.0.0.1'),
      app,
      async close() {
        await app.close();
        await phones.close();
      },
    };
  } catch (error) {
    await app.close().catch(() => undefined);
    await phones.close();
    throw error;
  }
};
