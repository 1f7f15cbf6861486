/**
 * A measured step's figures from its two edges (stepEdges.ts): Postgres statements and commits, broker
 * messages, outbox lag, handling times and the PSPs' admission limits (the services' /metrics), and the
 * CPU profiles' crypto share.
 * Pure: readings in, per-payment figures out.
 */
import { brokerDelta } from './brokerCounters.ts';
import { breakDownProfile, type CpuProfile } from './cpuProfile.ts';
import type { CpuShares } from './cpuShares.ts';
import type { BenchTarget } from './benchTarget.ts';
import type { StepMeasurement } from './measureStep.ts';
import { PG_STATS_SETTLE_MS, type Edge } from './stepEdges.ts';
import { parsePrometheus, quantileBetween, sum, type Sample } from '../watch/liveStats.ts';

const perPayment = (value: number, payments: number): number =>
  payments > 0 ? Math.round((10 * value) / payments) / 10 : 0;

export const pgBetween = (open: Edge, close: Edge, payments: number): StepMeasurement['pg'] => {
  const tail = close.xactTail;
  return {
    statementsPerPayment: perPayment(close.pg.statements - open.pg.statements, payments),
    commitsPerPayment: perPayment(close.pg.commitStatements - open.pg.commitStatements, payments),
    xactCommitsPerPayment:
      tail === undefined ? null : perPayment(close.pg.xactCommits - open.pg.xactCommits - tail, payments),
    idleXactCommitsPerS:
      tail === undefined ? null : Math.round((10 * tail) / (PG_STATS_SETTLE_MS / 1000)) / 10,
    rollbacks: tail === undefined ? null : close.pg.rollbacks - open.pg.rollbacks,
    top: close.pg.top.map((s) => ({
      query: s.query,
      calls: perPayment(s.calls, payments),
      execMs: perPayment(s.execMs, payments),
      rows: perPayment(s.rows, payments),
    })),
  };
};

const msOf = (seconds: number | undefined): number | null =>
  seconds === undefined ? null : Math.round(seconds * 10_000) / 10;

/** Each PSP's admission limit in a set of scrapes (one per service; those without the gauge left out). */
const admissionLimitsOf = (scrapes: readonly string[]): number[] =>
  scrapes.flatMap((text) => {
    const gauge = parsePrometheus(text).find((x) => x.name === 'psp_admission_limit');
    return gauge === undefined ? [] : [gauge.value];
  });

type ServiceFigures = Pick<StepMeasurement, 'broker' | 'outboxLagP99Ms' | 'handling' | 'admissionLimits'>;

/**
 * Broker messages, outbox lag and handling times between the two edges, and the admission limits at the
 * closing one (every service's scrape).
 */
export const serviceFigures = (
  open: Edge,
  close: Edge,
  payments: number,
  target: BenchTarget,
): ServiceFigures => {
  const figures: ServiceFigures = {};
  if (open.broker && close.broker) {
    const delta = brokerDelta(open.broker, close.broker);
    figures.broker = {
      publishedPerPayment: perPayment(delta.published, payments),
      deliveredPerPayment: perPayment(delta.delivered, payments),
      byQueue: delta.byQueue,
    };
  }
  if (target.metricsUrls.length === 0) return figures;
  const before = open.metrics.flatMap(parsePrometheus);
  const after = close.metrics.flatMap(parsePrometheus);
  figures.outboxLagP99Ms = msOf(quantileBetween(before, after, 'outbox_lag_seconds', 0.99));
  figures.admissionLimits = admissionLimitsOf(close.metrics);
  figures.handling = {};
  const types = new Set(
    after.filter((x) => x.name === 'consumer_handle_seconds_count').map((x) => x.labels.type),
  );
  for (const type of types) {
    const ofType = (samples: Sample[]) => samples.filter((x) => x.labels.type === type);
    const count =
      sum(after, 'consumer_handle_seconds_count', (l) => l.type === type) -
      sum(before, 'consumer_handle_seconds_count', (l) => l.type === type);
    if (count <= 0) continue;
    const seconds =
      sum(after, 'consumer_handle_seconds_sum', (l) => l.type === type) -
      sum(before, 'consumer_handle_seconds_sum', (l) => l.type === type);
    figures.handling[type] = {
      count,
      meanMs: Math.round((10_000 * seconds) / count) / 10,
      p99Ms: msOf(quantileBetween(ofType(before), ofType(after), 'consumer_handle_seconds', 0.99)),
    };
  }
  return figures;
};

export const profileFigures = (
  profiles: Map<string, CpuProfile>,
  cpu: CpuShares,
): NonNullable<StepMeasurement['profile']> => {
  const byService = Object.fromEntries(
    [...profiles].map(([name, p]) => {
      const breakdown = breakDownProfile(p);
      const cryptoCpuMs = Math.round(breakdown.cryptoShare * (cpu.byComponentMs[name] ?? 0));
      return [name, { ...breakdown, byArea: breakdown.byArea.slice(0, 12), cryptoCpuMs }];
    }),
  );
  const cryptoCpuMs = Object.values(byService).reduce((sum, b) => sum + b.cryptoCpuMs, 0);
  return {
    byService,
    cryptoCpuMs,
    cryptoCpuPct: cpu.totalMs > 0 ? Math.round((1000 * cryptoCpuMs) / cpu.totalMs) / 10 : 0,
  };
};
