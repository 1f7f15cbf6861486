/**
 * After a load run: waits until every payment the run sent is final, then gives completion figures —
 * statuses, end-to-end latency (PSP accepted → final status) percentiles and the completion rate.
 */
import type { PaymentView } from '@switchyard/psp';
import type { LoadPlan } from './prepareLoad.ts';

export type LoadReport = {
  sent: number;
  byStatus: Record<string, number>;
  e2eMs: { p50: number; p90: number; p99: number; max: number };
  completedPerSecond: number;
};

const percentile = (sorted: number[], q: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

const fetchPayment = async (p: LoadPlan['payments'][number]): Promise<PaymentView | undefined> => {
  const response = await fetch(`${p.pspUrl}/v1/payments/${String(p.body.txnId)}`, {
    headers: { authorization: `Bearer ${p.token}`, 'x-device-id': p.deviceId },
  });
  if (response.status === 404) return undefined;
  return (await response.json()) as PaymentView;
};

/** Collects the final state of every planned payment that was sent (404 = never sent). */
export const collectLoadReport = async (plan: LoadPlan, waitSeconds: number): Promise<LoadReport> => {
  const deadline = Date.now() + waitSeconds * 1000;
  let views: PaymentView[];
  for (;;) {
    views = [];
    for (let i = 0; i < plan.payments.length; i += 50) {
      const batch = await Promise.all(plan.payments.slice(i, i + 50).map(fetchPayment));
      for (const view of batch) if (view) views.push(view);
    }
    if (views.every((v) => v.status !== 'PENDING') || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const byStatus: Record<string, number> = {};
  for (const v of views) byStatus[v.status] = (byStatus[v.status] ?? 0) + 1;
  const done = views.filter((v) => v.finalAt);
  const latencies = done.map((v) => Date.parse(v.finalAt!) - Date.parse(v.createdAt)).sort((a, b) => a - b);
  const first = Math.min(...done.map((v) => Date.parse(v.createdAt)));
  const last = Math.max(...done.map((v) => Date.parse(v.finalAt!)));
  return {
    sent: views.length,
    byStatus,
    e2eMs: {
      p50: percentile(latencies, 0.5),
      p90: percentile(latencies, 0.9),
      p99: percentile(latencies, 0.99),
      max: latencies.at(-1) ?? 0,
    },
    completedPerSecond: done.length === 0 ? 0 : done.length / ((last - first) / 1000),
  };
};

export const printLoadReport = (report: LoadReport): void => {
  console.log(
    `payments sent ${report.sent}: ${Object.entries(report.byStatus)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}`,
  );
  console.log(
    `end to end (accepted → final): p50 ${report.e2eMs.p50} ms, p90 ${report.e2eMs.p90} ms, p99 ${report.e2eMs.p99} ms, max ${report.e2eMs.max} ms`,
  );
  console.log(`completion rate: ${report.completedPerSecond.toFixed(1)} payments/s`);
};
