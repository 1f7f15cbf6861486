/**
 * Pure: what a load run measured, and k6's thresholds checked against it. The local runner records the
 * same metrics the k6 scripts do (k6/lib/payments.js): payment_e2e_ms (Trend), payment_completed,
 * payment_success, payment_business_decline, payment_technical_decline (Rates), payment_throttled
 * (Counter), and http_req_failed for the payment requests (a Rate tagged name:POST /v1/payments).
 */

/** One iteration as it ended. */
export type IterationRecord = {
  kind: string;
  startedAtMs: number;
  /** The POST's status (0: no answer). */
  status: number;
  /** Final answer (absent when not accepted or not final in time). */
  final?: { status: string; errCode: string | null; declineClass: 'TD' | 'BD' | null; e2eMs: number };
  /** The payment was accepted but not final within the wait. */
  unfinished?: boolean;
};

type Trend = { values: number[] };
type RateMetric = { trues: number; total: number };
export type Metrics = {
  trends: Map<string, Trend>;
  rates: Map<string, RateMetric>;
  counters: Map<string, number>;
};

const rate = (metrics: Metrics, name: string, value: boolean): void => {
  const current = metrics.rates.get(name) ?? { trues: 0, total: 0 };
  metrics.rates.set(name, { trues: current.trues + (value ? 1 : 0), total: current.total + 1 });
};

/** The k6 metrics of a run's iterations (dropped iterations count in dropped_iterations only). */
export const metricsOf = (records: readonly IterationRecord[], dropped: number): Metrics => {
  const metrics: Metrics = { trends: new Map(), rates: new Map(), counters: new Map() };
  const e2e: number[] = [];
  for (const r of records) {
    rate(metrics, 'http_req_failed{name:POST /v1/payments}', r.status === 0 || r.status >= 400);
    if (r.status === 429)
      metrics.counters.set('payment_throttled', (metrics.counters.get('payment_throttled') ?? 0) + 1);
    if (r.status !== 202) continue;
    rate(metrics, 'payment_completed', r.final !== undefined);
    if (!r.final) continue;
    e2e.push(r.final.e2eMs);
    rate(metrics, 'payment_success', r.final.status === 'SUCCESS');
    rate(metrics, 'payment_business_decline', r.final.declineClass === 'BD');
    rate(metrics, 'payment_technical_decline', r.final.declineClass === 'TD');
  }
  metrics.trends.set('payment_e2e_ms', { values: e2e.sort((a, b) => a - b) });
  metrics.counters.set('dropped_iterations', dropped);
  metrics.counters.set('iterations', records.length);
  return metrics;
};

/** k6's percentile: linear interpolation between the closest ranks. */
export const percentile = (sorted: readonly number[], p: number): number | undefined => {
  if (sorted.length === 0) return undefined;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
};

const aggregate = (metrics: Metrics, metric: string, method: string): number | undefined => {
  const trend = metrics.trends.get(metric);
  if (trend) {
    const values = trend.values;
    const p = /^p\((\d+(?:\.\d+)?)\)$/.exec(method);
    if (p) return percentile(values, Number(p[1]));
    if (values.length === 0) return undefined;
    if (method === 'avg') return values.reduce((a, b) => a + b, 0) / values.length;
    if (method === 'min') return values[0];
    if (method === 'max') return values[values.length - 1];
    if (method === 'med') return percentile(values, 50);
    if (method === 'count') return values.length;
  }
  const r = metrics.rates.get(metric);
  if (r && method === 'rate') return r.total === 0 ? undefined : r.trues / r.total;
  const counter = metrics.counters.get(metric);
  if (counter !== undefined && method === 'count') return counter;
  return undefined;
};

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '===': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

export type ThresholdResult = { metric: string; expression: string; value: number | undefined; ok: boolean };

/**
 * Checks k6 threshold expressions ("p(95)<3000", "rate>0.99", "count<10", "avg<=200") against the run.
 * A metric with no value (nothing measured) fails, as in k6 a threshold on an empty Rate does.
 * @throws Error for an expression this checker does not read
 */
export const checkThresholds = (
  metrics: Metrics,
  thresholds: Record<string, readonly string[]>,
): ThresholdResult[] =>
  Object.entries(thresholds).flatMap(([metric, expressions]) =>
    expressions.map((expression) => {
      const parsed =
        /^\s*([a-z]+(?:\(\d+(?:\.\d+)?\))?)\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(expression);
      if (!parsed) throw new Error(`threshold ${metric}: cannot read "${expression}"`);
      const value = aggregate(metrics, metric, parsed[1]);
      return {
        metric,
        expression,
        value,
        ok: value !== undefined && COMPARE[parsed[2]](value, Number(parsed[3])),
      };
    }),
  );

/** Offered, accepted and completed per second and e2e p95 in consecutive windows: where the knee is. */
export type Window = {
  fromS: number;
  offeredPerS: number;
  acceptedPerS: number;
  throttledPerS: number;
  p95Ms: number | undefined;
};

/** `droppedAtMs`: when the iterations that found no free VU were due (offered, never sent). */
export const windowsOf = (
  records: readonly IterationRecord[],
  droppedAtMs: readonly number[],
  windowS: number,
): Window[] => {
  const windows: Window[] = [];
  const last = Math.max(0, ...records.map((r) => r.startedAtMs), ...droppedAtMs);
  for (let from = 0; from * 1000 <= last; from += windowS) {
    const within = (at: number) => at >= from * 1000 && at < (from + windowS) * 1000;
    const inside = records.filter((r) => within(r.startedAtMs));
    const dropped = droppedAtMs.filter(within).length;
    const e2e = inside.flatMap((r) => (r.final ? [r.final.e2eMs] : [])).sort((a, b) => a - b);
    windows.push({
      fromS: from,
      offeredPerS: (inside.length + dropped) / windowS,
      acceptedPerS: inside.filter((r) => r.status === 202).length / windowS,
      throttledPerS: inside.filter((r) => r.status === 429).length / windowS,
      p95Ms: percentile(e2e, 95),
    });
  }
  return windows;
};

/**
 * The knee: the highest offered rate whose window still had every payment accepted and a p95 under twice
 * the first window's; undefined when the run never bent.
 */
export const kneeOf = (windows: readonly Window[]): number | undefined => {
  const base = windows.find((w) => w.p95Ms !== undefined)?.p95Ms;
  if (base === undefined) return undefined;
  const healthy = (w: Window) =>
    w.acceptedPerS >= 0.99 * w.offeredPerS && (w.p95Ms ?? Infinity) < 2 * Math.max(base, 250);
  const firstBent = windows.findIndex((w) => !healthy(w));
  if (firstBent <= 0) return firstBent === 0 ? windows[0].offeredPerS : undefined;
  return windows[firstBent - 1].offeredPerS;
};
