/** GET /health (Postgres + broker, 503 when one is down) and GET /metrics (Prometheus text). */
import type { FastifyInstance } from 'fastify';
import { sql } from 'slonik';
import { metricsContentType, metricsText } from '@switchyard/infra';
import type { AppDeps } from '../appDeps.ts';

export const healthRoutes =
  (deps: AppDeps) =>
  async (app: FastifyInstance): Promise<void> => {
    app.get('/health', async (_request, reply) => {
      const checks: Record<string, boolean> = {};
      checks.postgres = await deps.db.pool.oneFirst(sql.unsafe`SELECT 1`).then(
        () => true,
        () => false,
      );
      for (const [name, check] of Object.entries(deps.healthChecks)) checks[name] = check();
      const ok = Object.values(checks).every(Boolean);
      return reply
        .code(ok ? 200 : 503)
        .send({ status: ok ? 'ok' : 'degraded', participant: deps.participant, checks });
    });

    app.get('/metrics', async (_request, reply) =>
      reply.type(metricsContentType()).send(await metricsText()),
    );
  };
