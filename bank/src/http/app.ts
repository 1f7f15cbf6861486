/**
 * The bank's small HTTP face on the service chassis (operators and the network invariant command; payments
 * never come this way). The chassis serves GET /health and GET /metrics; this file adds:
 *   GET /v1/accounts/:acNum   balance and recent entries (X-Operator-Key)
 *   GET /v1/ledger/check      the ledger invariants (db/checkLedger.ts)
 *   /v1/faults                failure-injection rules (X-Operator-Key; docs/failures.md)
 * buildApp returns an app that is not listening; main.ts listens, tests use app.inject().
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
import { BankError, bankErrors } from '../errors.ts';
import { accountRoutes } from './routes/accounts.ts';
import { ledgerRoutes } from './routes/ledger.ts';

export type AppDeps = {
  db: Db;
  log: Log;
  participant: string;
  operatorKey: string;
  httpLimits: HttpLimits;
  /** Failure injection: absent in tests that do not use it. */
  faults?: FaultInjector;
  /** Extra liveness checks for /health, e.g. `rabbitmq: () => broker.isConnected()`. */
  healthProbes?: Record<string, HealthProbe>;
};

export const buildApp = async (deps: AppDeps): Promise<FastifyInstance> => {
  const app = await buildServiceApp({
    participant: deps.participant,
    log: deps.log,
    limits: deps.httpLimits,
    errors: bankErrors,
    db: deps.db,
    healthProbes: deps.healthProbes,
  });
  const operatorOnly = operatorKeyHook(
    deps.operatorKey,
    () => new BankError('BANK_ERR_UNAUTHORISED', 'missing or wrong X-Operator-Key'),
  );
  accountRoutes(app, deps, operatorOnly);
  ledgerRoutes(app, deps);
  if (deps.faults) await app.register(faultRoutes(deps.faults, operatorOnly));
  return app;
};
