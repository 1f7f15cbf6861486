import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../appDeps.ts';
import { authenticateOperator } from '../auth.ts';

/**
 * Operator endpoints (X-Operator-Key). Today: the ingress state. Failure injection and DLQ tools join
 * here under /v1/operator/… behind the same hook.
 */
export const operatorRoutes = (deps: AppDeps) => async (app: FastifyInstance): Promise<void> => {
  app.addHook('onRequest', authenticateOperator(deps.operatorKey));
  app.get('/v1/operator/status', { schema: { tags: ['operator'], summary: 'Ingress state (operator key)' } }, async () => ({
    participant: deps.participant,
    paymentsInFlight: deps.admission.inFlight(deps.now().getTime()),
    paymentsInFlightMax: deps.admission.inFlightMax,
    upstreamWaits: deps.waiters.size(),
    wsConnections: deps.hub.connections(),
  }));
};
