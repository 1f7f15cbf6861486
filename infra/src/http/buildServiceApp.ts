/**
 * The service chassis's HTTP half: every participant's fastify app is built here, the same way — explicit
 * limits, request ids, strict validation (closed schemas, no coercion), one error table, one not-found
 * answer, GET /health (Postgres + the service's own probes) and GET /metrics (the process registry), and
 * the latency of every request in `http_request_duration_seconds`. The service then registers its routes.
 * The app is returned not yet listening: main.ts listens, tests use app.inject().
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
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
