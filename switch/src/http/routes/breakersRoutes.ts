/**
 * GET /v1/breakers (operator key): each bank's circuit breaker — status (CLOSED, OPEN, HALF_OPEN), since
 * when, the outcomes in its rolling window and its last transitions. The console and the docs rely on this
 * shape (docs/upi.md §6.6).
 */
import type { FastifyInstance } from 'fastify';
import { operatorKeyHook } from '@switchyard/infra';
import { SwitchError } from '../../errors.ts';
import type { AppDeps } from '../app.ts';

export const breakersRoutes =
  (deps: AppDeps) =>
  async (app: FastifyInstance): Promise<void> => {
    app.addHook(
      'onRequest',
      operatorKeyHook(
        deps.operatorKey,
        () => new SwitchError('SWITCH_ERR_UNAUTHORISED', 'X-Operator-Key required'),
      ),
    );
    app.get('/v1/breakers', async () => ({ breakers: deps.breakers.views() }));
  };
