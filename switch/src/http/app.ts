/**
 * buildApp(): the switch's operator API on the service chassis (infra buildServiceApp: limits, error
 * table, /health, /metrics); this file adds only the switch's routes. Not yet listening: main.ts listens,
 * tests use app.inject().
 */
import type { FastifyInstance } from 'fastify';
import {
  buildServiceApp,
  operatorKeyHook,
  type Db,
  type HealthProbe,
  type HttpLimits,
  type Log,
} from '@switchyard/infra';
import { faultRoutes, type FaultInjector } from '@switchyard/outbox';
import type { BankBreakers } from '../breakers.ts';
import { SwitchError, switchErrors } from '../errors.ts';
import { breakersRoutes } from './routes/breakersRoutes.ts';
import { paymentsRoutes } from './routes/paymentsRoutes.ts';

export type AppDeps = {
  participant: string;
  db: Db;
  log: Log;
  operatorKey: string;
  httpLimits: HttpLimits;
  /** Liveness of the dependencies /health reports, besides Postgres. */
  healthProbes: Record<string, HealthProbe>;
  /** The banks' circuit breakers: GET /v1/breakers, and /health's details (they never make it degraded). */
  breakers: BankBreakers;
  /** Failure injection (/v1/faults, docs/failures.md); absent in tests that do not use it. */
  faults?: FaultInjector;
};

export const buildApp = async (deps: AppDeps): Promise<FastifyInstance> => {
  const app = await buildServiceApp({
    participant: deps.participant,
    log: deps.log,
    limits: deps.httpLimits,
    errors: switchErrors,
    db: deps.db,
    healthProbes: deps.healthProbes,
    healthDetails: () => ({
      breakers: Object.fromEntries(deps.breakers.views().map((view) => [view.bank, view.status])),
    }),
  });
  await app.register(paymentsRoutes(deps));
  await app.register(breakersRoutes(deps));
  if (deps.faults) {
    const operatorOnly = operatorKeyHook(
      deps.operatorKey,
      () => new SwitchError('SWITCH_ERR_UNAUTHORISED', 'X-Operator-Key required'),
    );
    await app.register(faultRoutes(deps.faults, operatorOnly));
  }
  return app;
};
