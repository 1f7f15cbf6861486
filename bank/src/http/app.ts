/**
 * The bank's small HTTP face (operators and the network invariant command; payments never come this way):
 *   GET /health               liveness + database reachability
 *   GET /metrics              Prometheus text
 *   GET /v1/accounts/:acNum   balance and recent entries (X-Operator-Key)
 *   GET /v1/ledger/check      the ledger invariants (db/checkLedger.ts)
 * buildApp returns an app that is not listening; main.ts listens, tests use app.inject().
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Db, Log } from '@switchyard/infra';
import { registerErrorHandler } from './errorHandler.ts';
import { accountRoutes } from './routes/accounts.ts';
import { healthRoutes } from './routes/health.ts';
import { ledgerRoutes } from './routes/ledger.ts';

export type AppDeps = {
  db: Db;
  log: Log;
  participant: string;
  operatorKey: string;
  metrics: { text(): Promise<string>; contentType(): string };
  /** Extra liveness checks for /health, e.g. `rabbitmq: () => broker.isConnected()`. */
  healthChecks?: Record<string, () => boolean>;
  limits?: { bodyBytesMax?: number; requestTimeoutMs?: number; connectionTimeoutMs?: number };
};

export const buildApp = (deps: AppDeps): FastifyInstance => {
  // pino's Logger is a FastifyBaseLogger; naming the type parameters keeps the app's type the default one.
  const app = fastify<Server, IncomingMessage, ServerResponse, FastifyBaseLogger>({
    loggerInstance: deps.log,
    bodyLimit: deps.limits?.bodyBytesMax ?? 16 * 1024,
    requestTimeout: deps.limits?.requestTimeoutMs ?? 10_000,
    connectionTimeout: deps.limits?.connectionTimeoutMs ?? 10_000,
  });
  registerErrorHandler(app);
  healthRoutes(app, deps);
  accountRoutes(app, deps);
  ledgerRoutes(app, deps);
  return app;
};
