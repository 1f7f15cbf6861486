/**
 * The PSP's own metrics, on the process registry (infra/src/runtime/metrics.ts). The gauges are counted at
 * scrape time (the chassis calls refreshGauges before it serves GET /metrics); request latency is the
 * chassis's `http_request_duration_seconds`.
 */
import { Gauge, metricsRegistry, type Db } from '@switchyard/infra';
import { countPaymentsByStatus } from './db/paymentsDb.ts';
import type { Admission } from './runtime/admission.ts';
import type { StatusHub } from './runtime/statusHub.ts';

const registers = [metricsRegistry];

const paymentsGauge = new Gauge({
  name: 'psp_payments',
  help: 'Payments in the PSP database by role and status (counted at scrape)',
  labelNames: ['role', 'status'] as const,
  registers,
});
const inFlightGauge = new Gauge({
  name: 'psp_payments_in_flight',
  help: 'Payments accepted and not yet final (admission control)',
  registers,
});
const admissionLimitGauge = new Gauge({
  name: 'psp_admission_limit',
  help: 'Payments this PSP admits in flight now: the adaptive limit, steered by end-to-end latency (SY_ADMISSION_LATENCY_TARGET_MS) between SY_PAYMENTS_IN_FLIGHT_MIN and SY_PAYMENTS_IN_FLIGHT_MAX',
  registers,
});
const wsGauge = new Gauge({ name: 'psp_ws_connections', help: 'Open WebSocket connections', registers });

export type GaugeSources = { db: Db; admission: Admission; hub: StatusHub; now: () => Date };

/** Sets the scrape-time gauges from their sources. */
export const refreshGauges = async (sources: GaugeSources): Promise<void> => {
  paymentsGauge.reset();
  for (const row of await countPaymentsByStatus(sources.db.pool)) {
    paymentsGauge.set({ role: row.role, status: row.status }, row.count);
  }
  inFlightGauge.set(sources.admission.inFlight(sources.now().getTime()));
  admissionLimitGauge.set(sources.admission.limit());
  wsGauge.set(sources.hub.connections());
};
