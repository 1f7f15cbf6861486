import type { FastifyInstance } from 'fastify';
import { Gauge } from '@prometheus-io/client';
import { sql } from 'slonik';
import { metricsContentType, metricsRegistry, metricsText } from '@switchyard/infra';
import { countPaymentsByStatus } from '../../db/paymentsDb.ts';
import type { Db } from '@switchyard/infra';
import type { Admission } from '../../runtime/admission.ts';
import type { StatusHub } from '../../runtime/statusHub.ts';

const paymentsGauge = new Gauge({
  name: 'psp_payments',
  help: 'Payments in the PSP database by role and status (counted at scrape)',
  labelNames: ['role', 'status'] as const,
  registers: [metricsRegistry],
});
const inFlightGauge = new Gauge({
  name: 'psp_payments_in_flight',
  help: 'Payments accepted and not yet final (admission control)',
  registers: [metricsRegistry],
});
const wsGauge = new Gauge({
  name: 'psp_ws_connections',
  help: 'Open WebSocket connections',
  registers: [metricsRegistry],
});

export type HealthDeps = {
  participant: string;
  db: Db;
  admission: Admission;
  hub: StatusHub;
  now: () => Date;
  /** Extra probes (e.g. the broker connection); /health is 503 when one returns false. */
  healthChecks?: Record<string, () => boolean | Promise<boolean>>;
};

/** GET /health (Postgres reachable + extra probes) and GET /metrics (Prometheus text). */
export const healthRoutes =
  (deps: HealthDeps) =>
  async (app: FastifyInstance): Promise<void> => {
    app.get(
      '/health',
      { schema: { tags: ['ops'], summary: 'Liveness and dependencies', security: [] } },
      async (_request, reply) => {
        const checks: Record<string, boolean> = {};
        try {
          await deps.db.pool.oneFirst(sql.unsafe`SELECT 1`);
          checks.postgres = true;
        } catch {
          checks.postgres = false;
        }
        for (const [name, probe] of Object.entries(deps.healthChecks ?? {})) checks[name] = await probe();
        const healthy = Object.values(checks).every(Boolean);
        return reply
          .code(healthy ? 200 : 503)
          .send({ status: healthy ? 'ok' : 'degraded', participant: deps.participant, checks });
      },
    );

    app.get(
      '/metrics',
      { schema: { tags: ['ops'], summary: 'Prometheus metrics', hide: true } },
      async (_request, reply) => {
        paymentsGauge.reset();
        for (const row of await countPaymentsByStatus(deps.db.pool))
          paymentsGauge.set({ role: row.role, status: row.status }, row.count);
        inFlightGauge.set(deps.admission.inFlight(deps.now().getTime()));
        wsGauge.set(deps.hub.connections());
        return reply.header('content-type', metricsContentType()).send(await metricsText());
      },
    );
  };
