/**
 * buildApp(): the PSP's HTTP API as a fastify instance that is not yet listening (main.ts listens; tests
 * use app.inject() / app.injectWS()). Explicit limits: body size, connection/request/keep-alive timeouts.
 * Validation is strict: closed schemas and no type coercion, so unknown fields and wrong types are 400s.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import { accountsRoutes } from '../accounts/accountsRoutes.ts';
import { keysRoutes } from '../keys/keysRoutes.ts';
import { paymentsRoutes } from '../payments/paymentsRoutes.ts';
import { vpasRoutes } from '../vpas/vpasRoutes.ts';
import { payeesRoutes } from '../payees/payeesRoutes.ts';
import { pinRoutes } from '../pin/pinRoutes.ts';
import { usersRoutes } from '../users/usersRoutes.ts';
import { upstreamOf, type AppDeps } from './appDeps.ts';
import { authenticate } from './auth.ts';
import { errorHandler, notFoundHandler } from './errorHandler.ts';
import { recordHttpLatency } from './httpMetrics.ts';
import { healthRoutes } from './routes/healthRoutes.ts';
import { infoRoutes } from './routes/infoRoutes.ts';
import { operatorRoutes } from './routes/operatorRoutes.ts';

import { wsRoutes } from './routes/wsRoutes.ts';

/** Client frames on the status socket are ignored; a tiny cap keeps them harmless. */
const WS_PAYLOAD_BYTES_MAX = 1024;

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
    // Errors fastify raises before routing (a malformed URL) go through the same handler.
    frameworkErrors: (error, request, reply) => {
      errorHandler(error, request, reply);
    },
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false },
    },
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.addHook('onResponse', recordHttpLatency);

  await app.register(fastifyWebsocket, { options: { maxPayload: WS_PAYLOAD_BYTES_MAX } });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: `Switchyard PSP (${deps.participant})`,
        version: '1.0.0',
        description: 'A UPI payment app backend (simulated).',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'token from POST /v1/users; also send X-Device-Id',
          },
          operator: { type: 'apiKey', in: 'header', name: 'X-Operator-Key' },
        },
      },
      security: [{ bearer: [] }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes(deps));
  await app.register(infoRoutes(deps));
  await app.register(usersRoutes({ db: deps.db }));
  // User endpoints of the feature slices: one authenticate hook for the whole scope.
  await app.register(async (user) => {
    user.addHook('onRequest', authenticate({ db: deps.db }));
    const sending = {
      ...upstreamOf(deps),
      participant: deps.participant,
      txnPrefix: deps.txnPrefix,
      outbox: deps.outbox,
      now: deps.now,
      newMessageId: deps.newMessageId,
    };
    await user.register(keysRoutes({ network: deps.network, directory: deps.directory }));
    await user.register(accountsRoutes({ ...sending, network: deps.network }));
    await user.register(vpasRoutes({ db: deps.db, handle: deps.handle }));
    await user.register(pinRoutes(sending));
    await user.register(payeesRoutes(sending));
    await user.register(
      paymentsRoutes({
        ...sending,
        admission: deps.admission,
        hub: deps.hub,
        paymentsPageSizeMax: deps.limits.paymentsPageSizeMax,
      }),
    );
  });
  await app.register(wsRoutes(deps));
  await app.register(operatorRoutes(deps));
  return app;
};
