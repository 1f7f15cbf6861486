import { sql } from 'slonik';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.ts';

export const healthRoutes = (app: FastifyInstance, deps: AppDeps): void => {
  /** 200 when the database answers and every extra check passes, else 503 naming what failed. */
  app.get('/health', async (_request, replyTo) => {
    const checks: Record<string, 'ok' | 'down'> = {};
    try {
      await deps.db.pool.oneFirst(sql.unsafe`SELECT 1`);
      checks.postgres = 'ok';
    } catch {
      checks.postgres = 'down';
    }
    for (const [name, check] of Object.entries(deps.healthChecks ?? {}))
      checks[name] = check() ? 'ok' : 'down';
    const healthy = Object.values(checks).every((state) => state === 'ok');
    return replyTo
      .status(healthy ? 200 : 503)
      .send({ status: healthy ? 'ok' : 'unavailable', participant: deps.participant, checks });
  });
  app.get('/metrics', async (_request, replyTo) =>
    replyTo.type(deps.metrics.contentType()).send(await deps.metrics.text()),
  );
};
