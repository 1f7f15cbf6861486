/**
 * The service chassis's HTTP half: every participant's fastify app is built here, the same way — explicit
 * limits, request ids, strict validation (closed schemas, no coercion), one error table, one not-found
 * answer, GET /health (Postgres + the service's own probes) and GET /metrics (the process registry), and
 * the latency of every request in `http_request_duration_seconds`. The service then registers its routes.
 * The app is returned not yet listening: main.ts listens, tests use app.inject().
 */
import { randomUUID } from 'node:crypto';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { sql } from 'slonik';
import type { Db } from '../postgres/db.ts';
import type { Log } from '../runtime/logger.ts';
import { Histogram, metricsContentType, metricsRegistry, metricsText } from '../runtime/metrics.ts';
import { errorReplier, notFoundReplier, type ErrorTable } from './errorReplies.ts';

export type HttpLimits = {
  bodySizeMax: number;
  requestTimeoutMs: number;
  connectionTimeoutMs: number;
  keepAliveTimeoutMs: number;
};

export type HealthProbe = () => boolean | Promise<boolean>;

export type ServiceAppOptions = {
  participant: string;
  log: Log;
  limits: HttpLimits;
  errors: ErrorTable;
  /** /health answers 503 unless Postgres and every probe are up. */
  db: Db;
  healthProbes?: Readonly<Record<string, HealthProbe>>;
  /** What /health reports besides its checks, without deciding ok/degraded (the switch's breakers). */
  healthDetails?: () => Record<string, unknown>;
  /** Refreshes gauges that are read at scrape time (counts from the database, open sockets…). */
  beforeScrape?: () => void | Promise<void>;
  /** Plugins that must see every route (OpenAPI, WebSocket): registered before the chassis's own routes. */
  plugins?: (app: FastifyInstance) => Promise<void>;
};

export type Health = {
  status: 'ok' | 'degraded';
  participant: string;
  checks: Record<string, boolean>;
  details?: Record<string, unknown>;
};

const httpRequestSeconds = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request latency by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

/** The payment a request concerns: its txnId route parameter, else a txnId field of its JSON body. */
const txnIdOf = (request: FastifyRequest, withBody: boolean): string | undefined => {
  const params = request.params as Record<string, unknown> | undefined;
  if (typeof params?.txnId === 'string') return params.txnId;
  const body = withBody ? (request.body as Record<string, unknown> | null | undefined) : undefined;
  return typeof body === 'object' && body !== null && typeof body.txnId === 'string' ? body.txnId : undefined;
};

const correlated = new WeakSet<FastifyRequest>();

/**
 * Every line a request concerning a payment writes carries the txn id as correlationId (as a consumed
 * message's lines do), so one payment's lines can be followed across services. Set from the route's
 * parameters as soon as it is routed, else from the body once it is parsed.
 */
const correlate = (request: FastifyRequest, reply: FastifyReply, withBody: boolean): void => {
  if (correlated.has(request)) return;
  const correlationId = txnIdOf(request, withBody);
  if (correlationId === undefined) return;
  correlated.add(request);
  request.log = request.log.child({ correlationId });
  reply.log = request.log;
};

/**
 * One line per request, when it completed (not also one when it came in). Reads that went well and concern
 * no payment — health checks, scrapes, operator views polled by the console — are debug lines, so they do
 * not drown what happened.
 */
class RequestLogs extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    const line = {
      req: { method: request.method, url: request.url },
      res: { statusCode: reply.statusCode },
      responseTime: reply.elapsedTime,
    };
    if (error) return reply.log.error({ ...line, err: error }, 'request errored');
    const routine = request.method === 'GET' && reply.statusCode < 400 && !correlated.has(request);
    if (routine) reply.log.debug(line, 'request completed');
    else reply.log.info(line, 'request completed');
  }
}

const probe = async (check: HealthProbe): Promise<boolean> => {
  try {
    return await check();
  } catch {
    return false;
  }
};

const healthOf = async (o: ServiceAppOptions): Promise<Health> => {
  const checks: Record<string, boolean> = {
    postgres: await probe(async () => (await o.db.pool.oneFirst(sql.unsafe`SELECT 1`)) === 1),
  };
  for (const [name, check] of Object.entries(o.healthProbes ?? {})) checks[name] = await probe(check);
  const health: Health = {
    status: Object.values(checks).every(Boolean) ? 'ok' : 'degraded',
    participant: o.participant,
    checks,
  };
  if (o.healthDetails !== undefined) health.details = o.healthDetails();
  return health;
};

export const buildServiceApp = async (o: ServiceAppOptions): Promise<FastifyInstance> => {
  const logger: FastifyBaseLogger = o.log;
  const replyWithError = errorReplier(o.errors);
  const app = Fastify({
    loggerInstance: logger,
    logController: new RequestLogs(),
    genReqId: () => randomUUID(),
    bodyLimit: o.limits.bodySizeMax,
    connectionTimeout: o.limits.connectionTimeoutMs,
    requestTimeout: o.limits.requestTimeoutMs,
    keepAliveTimeout: o.limits.keepAliveTimeoutMs,
    return503OnClosing: true,
    // Errors fastify raises before routing (a malformed URL) go through the same table.
    frameworkErrors: (error, request, reply) => {
      replyWithError(error, request, reply);
    },
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false },
    },
  });
  app.addHook('onRequest', async (request, reply) => correlate(request, reply, false));
  app.addHook('preValidation', async (request, reply) => correlate(request, reply, true));
  app.setErrorHandler(replyWithError);
  app.setNotFoundHandler(notFoundReplier(o.errors));
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpRequestSeconds.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  if (o.plugins) await o.plugins(app);
  const ops = { schema: { tags: ['ops'], security: [] } };
  app.get(
    '/health',
    { ...ops, schema: { ...ops.schema, summary: 'Liveness and dependencies' } },
    async (_request, reply) => {
      const health = await healthOf(o);
      return reply.code(health.status === 'ok' ? 200 : 503).send(health);
    },
  );
  app.get(
    '/metrics',
    { schema: { ...ops.schema, summary: 'Prometheus metrics', hide: true } },
    async (_request, reply) => {
      await o.beforeScrape?.();
      return reply.header('content-type', metricsContentType()).send(await metricsText());
    },
  );
  return app;
};
