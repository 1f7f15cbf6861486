import type { FastifyInstance } from 'fastify';
import { checkLedger } from '../../db/checkLedger.ts';
import type { AppDeps } from '../app.ts';

export const ledgerRoutes = (app: FastifyInstance, deps: AppDeps): void => {
  /** 200 with ok:true, or 409 with the breaches: scripts can test the status alone. */
  app.get('/v1/ledger/check', async (_request, replyTo) => {
    const check = await checkLedger(deps.db.pool);
    return replyTo.status(check.ok ? 200 : 409).send({ participant: deps.participant, ...check });
  });
};
