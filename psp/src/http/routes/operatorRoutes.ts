import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PspError } from '../../errors.ts';
import type { Admission } from '../../runtime/admission.ts';
import { faultRoutes, type FaultInjector } from '@switchyard/outbox';
import type { DeadLetterTools } from '../../runtime/deadLetterTools.ts';
import type { StatusHub } from '../../runtime/statusHub.ts';
import type { UpstreamWaiters } from '../../runtime/upstreamWaiters.ts';
import { authenticateOperator } from '../auth.ts';

const REPLAY_LIMIT_MAX = 1_000;
const ReplayBody = Type.Object(
  { limit: Type.Integer({ minimum: 1, maximum: REPLAY_LIMIT_MAX }) },
  { additionalProperties: false },
);
export type OperatorDeps = {
  participant: string;
  operatorKey: string;
  admission: Admission;
  waiters: UpstreamWaiters;
  hub: StatusHub;
  now: () => Date;
  /**
   * The DLQ tools; absent when the app runs without a broker (those endpoints answer 503). Read per
   * request, so they can be attached once messaging is up.
   */
  deadLetters?: DeadLetterTools;
  /** Failure injection (GET/POST/DELETE /v1/faults, docs/failures.md); absent in tests that do not use it. */
  faults?: FaultInjector;
};

const operatorOnly = { tags: ['operator'], security: [{ operator: [] }] };

/**
 * Operator endpoints (X-Operator-Key): the ingress state and the DLQ tools of this PSP's work queue.
 * Failure injection is /v1/faults, behind the same hook.
 */
export const operatorRoutes =
  (deps: OperatorDeps) =>
  async (app: FastifyInstance): Promise<void> => {
    const typed = app.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('onRequest', authenticateOperator(deps.operatorKey));
    if (deps.faults) await app.register(faultRoutes(deps.faults)); // under this scope's operator hook
    const tools = (): DeadLetterTools => {
      if (!deps.deadLetters)
        throw new PspError('PSP_ERR_UNAVAILABLE', 'no broker connection in this process');
      return deps.deadLetters;
    };

    typed.get('/v1/operator/status', { schema: { ...operatorOnly, summary: 'Ingress state' } }, async () => ({
      participant: deps.participant,
      paymentsInFlight: deps.admission.inFlight(deps.now().getTime()),
      paymentsInFlightLimit: deps.admission.limit(),
      paymentsInFlightMax: deps.admission.inFlightMax,
      upstreamWaits: deps.waiters.size(),
      wsConnections: deps.hub.connections(),
    }));

    typed.get(
      '/v1/operator/dlq',
      { schema: { ...operatorOnly, summary: 'Dead-lettered messages of the work queue' } },
      async () => {
        const dlq = tools();
        return { queue: dlq.queue, depth: await dlq.depth() };
      },
    );

    typed.post(
      '/v1/operator/dlq/replay',
      {
        schema: {
          ...operatorOnly,
          summary: 'Replay dead-lettered messages (same messageId)',
          body: ReplayBody,
        },
      },
      async (request) => ({ replayed: await tools().replay(request.body.limit) }),
    );
  };
