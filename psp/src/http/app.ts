/**
 * buildApp(): the PSP's HTTP API on the service chassis (infra buildServiceApp: limits, strict validation,
 * the error table, /health, /metrics), not yet listening (main.ts listens; tests use app.inject() /
 * app.injectWS()). This file adds OpenAPI at /docs, the status WebSocket and the PSP's routes.
 */
import type { FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import { buildServiceApp, type Db, type HealthProbe, type HttpLimits, type Log } from '@switchyard/infra';
import { accountsRoutes, type AccountsDeps } from '../accounts/accountsRoutes.ts';
import { pspErrors } from '../errors.ts';
import { keysRoutes, type KeysDeps } from '../keys/keysRoutes.ts';
import { payeesRoutes, type PayeesDeps } from '../payees/payeesRoutes.ts';
import { paymentsRoutes, type PaymentsDeps } from '../payments/paymentsRoutes.ts';
import { pinRoutes, type PinDeps } from '../pin/pinRoutes.ts';
import { usersRoutes, type UsersDeps } from '../users/usersRoutes.ts';
import { vpasRoutes, type VpasDeps } from '../vpas/vpasRoutes.ts';
import { authenticate } from './auth.ts';
import { refreshGauges, type GaugeSources } from '../metrics.ts';
import { infoRoutes, type InfoDeps } from './routes/infoRoutes.ts';
import { operatorRoutes, type OperatorDeps } from './routes/operatorRoutes.ts';
import { wsRoutes, type WsDeps } from './routes/wsRoutes.ts';

/**
 * What buildApp() is built from: main.ts (or a test) wires each part from the concrete pieces, and buildApp
 * hands each slice's routes its own part and nothing else.
 */
export type BuildAppDeps = {
  log: Log;
  httpLimits: HttpLimits;
  info: InfoDeps;
  /** /health: Postgres and these probes (e.g. the broker connection). */
  health: { db: Db; probes?: Record<string, HealthProbe> };
  /** What the scrape-time gauges are counted from. */
  gauges: GaugeSources;
  operator: OperatorDeps;
  ws: WsDeps;
  /** Registration, and the authentication in front of every user endpoint. */
  users: UsersDeps;
  keys: KeysDeps;
  accounts: AccountsDeps;
  pin: PinDeps;
  vpas: VpasDeps;
  payees: PayeesDeps;
  payments: PaymentsDeps;
};

/** Client frames on the status socket are ignored; a tiny cap keeps them harmless. */
const WS_PAYLOAD_BYTES_MAX = 1024;

/** Public and operator routes at the top; the feature slices' user endpoints in one authenticated scope. */
const registerRoutes = async (app: FastifyInstance, deps: BuildAppDeps): Promise<void> => {
  await app.register(infoRoutes(deps.info));
  await app.register(usersRoutes(deps.users));
  // Every user endpoint: one authenticate hook (bearer token + bound device) for the whole scope.
  await app.register(async (user) => {
    user.addHook('onRequest', authenticate(deps.users));
    await user.register(keysRoutes(deps.keys));
    await user.register(accountsRoutes(deps.accounts));
    await user.register(vpasRoutes(deps.vpas));
    await user.register(pinRoutes(deps.pin));
    await user.register(payeesRoutes(deps.payees));
    await user.register(paymentsRoutes(deps.payments));
    await user.register(wsRoutes(deps.ws));
  });
  await app.register(operatorRoutes(deps.operator));
};

export const buildApp = async (deps: BuildAppDeps): Promise<FastifyInstance> =>
  buildServiceApp({
    participant: deps.info.participant,
    log: deps.log,
    limits: deps.httpLimits,
    errors: pspErrors,
    db: deps.health.db,
    healthProbes: deps.health.probes,
    beforeScrape: () => refreshGauges(deps.gauges),
    async plugins(app) {
      await app.register(fastifyWebsocket, { options: { maxPayload: WS_PAYLOAD_BYTES_MAX } });
      await app.register(fastifySwagger, {
        openapi: {
          info: {
            title: `Switchyard PSP (${deps.info.participant})`,
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
    },
  }).then(async (app) => {
    await registerRoutes(app, deps);
    return app;
  });
