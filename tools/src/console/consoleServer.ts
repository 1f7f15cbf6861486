/**
 * The network console: one fastify process (tools layer) that serves the page (web/, built by Vite) and
 * its API. The page is live over the WebSocket /api/live (a snapshot every interval); a payment's trace
 * comes from GET /api/payments/:txnId/trace (JSON, or text with ?format=text); failure-injection rules are
 * listed, set and cleared through /api/faults/:participant, which forwards to that service's operator API
 * with its operator key (the page never holds a key).
 *
 * The console has no login: it listens on 127.0.0.1 unless told otherwise. Requests that change something
 * must be JSON (a cross-site form cannot send that without a preflight) and, like the WebSocket, are refused
 * when their Origin is another site.
 */
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { isTxnId } from '@switchyard/contracts';
import { participantsOf, type Log, type Network } from '@switchyard/infra';
import type { OperatorKeys } from '../network/secrets.ts';
import { collectTrace, type TraceSources } from '../trace/collectTrace.ts';
import { formatTrace } from '../trace/formatTrace.ts';
import { createLiveFeed, type LiveFeed } from './liveFeed.ts';
import { createQueueDepths } from './queueDepths.ts';
import { call } from './serviceApis.ts';

export type ConsoleOptions = {
  network: Network;
  urlOf: (participant: string) => string;
  operatorKeys: OperatorKeys;
  amqpUrl: string;
  traceSources: TraceSources;
  /** The built page (webAssets.ts). */
  webDir: string;
  log: Log;
  host: string;
  port: number;
  intervalMs?: number;
};

export type RunningConsole = { url: string; app: FastifyInstance; feed: LiveFeed; close(): Promise<void> };

/** A request whose Origin names another host than the one it was sent to. */
const crossSite = (request: FastifyRequest): boolean => {
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
};

const faultRoutes = (app: FastifyInstance, o: ConsoleOptions, changed: () => void): void => {
  const participants = new Set(participantsOf(o.network));
  type Target = { Params: { participant: string; id?: string } };
  const forward = async (
    request: FastifyRequest<Target>,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> => {
    const { participant } = request.params;
    if (!participants.has(participant))
      return { status: 404, body: { message: `no participant ${participant}` } };
    const answer = await call(`${o.urlOf(participant)}${path}`, {
      method,
      operatorKey: o.operatorKeys(participant),
      body,
    });
    if (answer.status === 0) return { status: 502, body: { message: `${participant} not answering` } };
    return answer;
  };
  app.get<Target>('/api/faults/:participant', async (request, res) => {
    const answer = await forward(request, 'GET', '/v1/faults');
    return res.code(answer.status).send(answer.body);
  });
  app.post<Target & { Body: unknown }>('/api/faults/:participant', async (request, res) => {
    const answer = await forward(request, 'POST', '/v1/faults', request.body);
    if (answer.status < 300) changed();
    return res.code(answer.status).send(answer.body);
  });
  app.delete<Target>('/api/faults/:participant', async (request, res) => {
    const answer = await forward(request, 'DELETE', '/v1/faults');
    if (answer.status < 300) changed();
    return res.code(answer.status).send(answer.body);
  });
  app.delete<Target>('/api/faults/:participant/:id', async (request, res) => {
    const id = encodeURIComponent(request.params.id ?? '');
    const answer = await forward(request, 'DELETE', `/v1/faults/${id}`);
    if (answer.status < 300) changed();
    return res.code(answer.status).send(answer.body);
  });
};

/**
 * Builds the page's server and starts the live feed; listening when it returns.
 * @throws the listen error (port taken)
 */
export const startConsole = async (options: ConsoleOptions): Promise<RunningConsole> => {
  const queueDepths = createQueueDepths(options.amqpUrl);
  const feed = createLiveFeed({
    network: options.network,
    urlOf: options.urlOf,
    operatorKeys: options.operatorKeys,
    queueDepths,
    intervalMs: options.intervalMs ?? 1_000,
    windows: { rateSeconds: 10, latencySeconds: 60 },
    pointsMax: 300,
    feedSize: 40,
  });
  await feed.refresh();
  const logger: FastifyBaseLogger = options.log;
  const app = Fastify({ loggerInstance: logger });
  app.addHook('onRequest', async (request, res) => {
    if (request.method !== 'GET' && crossSite(request))
      return res.code(403).send({ message: 'cross-site request refused' });
  });
  await app.register(fastifyWebsocket);
  await app.register(fastifyStatic, { root: options.webDir, prefix: '/' });
  app.get('/api/snapshot', async () => feed.hello());
  app.get('/api/live', { websocket: true }, (socket, request) => {
    if (crossSite(request)) return socket.close(1008, 'cross-site');
    socket.send(JSON.stringify(feed.hello()));
    const unsubscribe = feed.subscribe((message) => socket.send(JSON.stringify(message)));
    socket.on('close', unsubscribe);
    socket.on('message', () => undefined);
  });
  app.get<{ Params: { txnId: string }; Querystring: { format?: string } }>(
    '/api/payments/:txnId/trace',
    async (request, res) => {
      const { txnId } = request.params;
      if (!isTxnId(txnId)) return res.code(400).send({ message: 'not a txn id' });
      const trace = await collectTrace(options.traceSources, txnId);
      if (request.query.format === 'text')
        return res.type('text/plain; charset=utf-8').send(formatTrace(trace));
      return trace;
    },
  );
  // A rule set or cleared shows on every page at once, not at the next tick.
  faultRoutes(app, options, () => void feed.refresh().catch(() => undefined));
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return {
    url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`,
    app,
    feed,
    async close() {
      feed.stop();
      await app.close();
      await queueDepths.close();
    },
  };
};
