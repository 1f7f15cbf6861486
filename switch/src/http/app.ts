/**
 * buildApp(): the switch's small operator API as a fastify instance that is not yet listening (main.ts
 * listens; tests use app.inject()). Explicit limits: body size and connection/request/keep-alive timeouts.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AppDeps } from './appDeps.ts';
import { errorHandler, notFoundHandler } from './errorHandler.ts';
import { healthRoutes } from './routes/healthRoutes.ts';
import { paymentsRoutes } from './routes/paymentsRoutes.ts';

export const buildApp = async (deps: AppDeps): Promise<FastifyInstance> => {
  const logger: FastifyBaseLogger = deps.log;
  const app = Fastify({
    loggerInstance: logger,
    genReqId: () => randomUUID(),
    bodyLimit: deps.limits.bodySizeMax,
    connectionTimeout: deps.limits.connectionTimeoutMs,
    requestTimeout: deps.limits.requestTimeoutMs,
    keepAliveTimeout: deps.limits.keepAliveTimeoutMs,
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false } },
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  await app.register(healthRoutes(deps));
  await app.register(paymentsRoutes(deps));
  return app;
};
