import { sql } from 'slonik';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.ts';

export const healthRoutes = (app: FastifyInstance, deps: AppDeps): void => {
  app.get('/health', async (_request, replyTo) => {
    try {
      await deps.db.pool.oneFirst(sql.unsafe`SELECT 1`);
      return { status: 'ok', participant: deps.participant };
    } catch {
      return replyTo.status(503).send({ status: 'unavailable', participant: deps.participant, database: 'unreachable' });
    }
  });
  app.get('/metrics', async (_request, replyTo) => replyTo.type(deps.metrics.contentType()).send(await deps.metrics.text()));
};
