/**
 * The bench's figures as reports/bench/latest.json (pure: a BenchRun in, the JSON out). Headline figures
 * are flat (snake_case, units last); the steady scenarios are nested as `at_50pct` / `at_80pct` /
 * `at_150pct` (the overload step, whose headline is also flat: `overload_…`); every measured step is
 * listed under `steps`. What each figure measures: tools/README.md "make bench".
 */
import type { IdleCost } from './measureIdle.ts';
import type { StepMeasurement } from './measureStep.ts';
import { OVERLOAD_PHASE, type BenchRun, type TargetRun } from './runBench.ts';

export type Scenario = {
  offered_per_s: number;
  sent_per_s: number;
  completed_per_s: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  success_pct: number;
  rejected_429: number;
  rejected_429_with_retry_after: number;
  cpu_ms_per_payment: number | null;
};

type CostFigures = {
  /** With no load: CPU of all components, ms per second, and Postgres statements per second. */
  idle_cpu_ms_per_s: number;
  idle_pg_statements_per_s: number;
  cpu_ms_per_payment: number | null;
  cpu_share: Record<string, number>;
  pg_statements_per_payment: number;
  pg_commits_per_payment: number;
  pg_xact_commits_per_payment: number | null;
  pg_idle_xact_commits_per_s: number | null;
  broker_messages_per_payment: number | null;
};

export type StepRow = {
  target: string;
  phase: string;
  offered_per_s: number;
  sent_per_s: number;
  accepted: number;
  rejected_429: number;
  errors: number;
  completed_per_s: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  success_pct: number;
  pass: boolean;
  why: string[];
  cpu_ms_per_payment: number | null;
  pg_statements_per_payment: number;
  /** CPU the rest of the machine used during the step (other work on a shared box), ms per second. */
  machine_other_ms_per_s: number;
};

export type BenchJson = {
  schema_version: 1;
  generated_at: string;
  mode: 'quick' | 'full';
  p99_target_ms: number;
  knee_payments_per_s: number;
  baseline_payments_per_s: number;
  ratio_to_baseline: number | null;
  at_50pct: Scenario;
  at_80pct: Scenario;
  /** The overload step, 150 % of the knee: admission control at work. */
  at_150pct: Scenario;
  overload_offered_per_s: number;
  overload_completed_per_s: number;
  /** Requests answered 429, as a share of those sent. */
  overload_429_pct: number;
  /** Of those 429, the share that carried Retry-After. */
  overload_429_retry_after_pct: number | null;
  /** End to end, over the payments admitted (202) in the overload step. */
  overload_p99_ms: number | null;
  /** The PSPs' adaptive admission limits when the overload step closed: their sum, and each PSP's. */
  overload_admission_limit: number | null;
  overload_admission_limit_per_psp: number[];
  success_pct: number;
  crypto_cpu_pct: number | null;
  outbox_lag_p99_ms: number | null;
  baseline: CostFigures & { at_80pct: Scenario };
  history: null | {
    payments: number;
    days: number;
    load_seconds: number;
    knee_payments_per_s: number;
    knee_empty_payments_per_s: number;
    ratio_to_empty: number | null;
  };
  steps: StepRow[];
} & CostFigures;

const ratio = (a: number, b: number): number | null => (b > 0 ? Math.round((100 * a) / b) / 100 : null);

const scenarioOf = (m: StepMeasurement): Scenario => ({
  offered_per_s: m.summary.offeredPerS,
  sent_per_s: m.summary.sentPerS,
  completed_per_s: m.summary.completedPerS,
  p50_ms: m.summary.p50Ms,
  p95_ms: m.summary.p95Ms,
  p99_ms: m.summary.p99Ms,
  success_pct: m.summary.successPct,
  rejected_429: m.summary.rejected429,
  rejected_429_with_retry_after: m.summary.rejected429WithRetryAfter,
  cpu_ms_per_payment: m.cpu.msPerPayment,
});

const costsOf = (m: StepMeasurement, idle: IdleCost): CostFigures => ({
  idle_cpu_ms_per_s: idle.totalCpuMsPerS,
  idle_pg_statements_per_s: idle.pgStatementsPerS,
  cpu_ms_per_payment: m.cpu.msPerPayment,
  cpu_share: m.cpu.share,
  pg_statements_per_payment: m.pg.statementsPerPayment,
  pg_commits_per_payment: m.pg.commitsPerPayment,
  pg_xact_commits_per_payment: m.pg.xactCommitsPerPayment,
  pg_idle_xact_commits_per_s: m.pg.idleXactCommitsPerS,
  broker_messages_per_payment: m.broker?.publishedPerPayment ?? null,
});

const rowOf = (m: StepMeasurement & { phase: string }): StepRow => ({
  target: m.target,
  phase: m.phase,
  offered_per_s: m.summary.offeredPerS,
  sent_per_s: m.summary.sentPerS,
  accepted: m.summary.accepted,
  rejected_429: m.summary.rejected429,
  errors: m.summary.errors,
  completed_per_s: m.summary.completedPerS,
  p50_ms: m.summary.p50Ms,
  p95_ms: m.summary.p95Ms,
  p99_ms: m.summary.p99Ms,
  success_pct: m.summary.successPct,
  pass: m.summary.pass,
  why: m.summary.why,
  cpu_ms_per_payment: m.cpu.msPerPayment,
  pg_statements_per_payment: m.pg.statementsPerPayment,
  machine_other_ms_per_s:
    m.windowSeconds > 0 ? Math.round(m.cpuOutsideMs.restOfMachine / m.windowSeconds) : 0,
});

/**
 * The crypto share of CPU at 50 %: each service's share of JavaScript samples inside seal/open (from the
 * profiled step) applied to that service's CPU in the clean 50 % step, over every component's CPU there —
 * so the profiler's own cost is in neither.
 */
const cryptoPct = (profiled: StepMeasurement, clean: StepMeasurement): number | null => {
  if (profiled.profile === undefined || clean.cpu.totalMs <= 0) return null;
  const cryptoMs = Object.entries(profiled.profile.byService).reduce(
    (sum, [service, p]) => sum + p.cryptoShare * (clean.cpu.byComponentMs[service] ?? 0),
    0,
  );
  return Math.round((1000 * cryptoMs) / clean.cpu.totalMs) / 10;
};

/** The step of `phase` (the steady scenarios). @throws Error when the run has none (a bug) */
export const stepOf = (run: TargetRun, phase: string): StepMeasurement & { phase: string } => {
  const found = run.steps.find((s) => s.phase === phase);
  if (found === undefined) throw new Error(`no ${phase} step in the run`);
  return found;
};

const round1 = (value: number): number => Math.round(value * 10) / 10;

const overloadOf = (m: StepMeasurement) => {
  const s = m.summary;
  const limits = m.admissionLimits ?? [];
  return {
    overload_offered_per_s: s.offeredPerS,
    overload_completed_per_s: s.completedPerS,
    overload_429_pct: s.sent > 0 ? round1((100 * s.rejected429) / s.sent) : 0,
    overload_429_retry_after_pct:
      s.rejected429 > 0 ? round1((100 * s.rejected429WithRetryAfter) / s.rejected429) : null,
    overload_p99_ms: s.p99Ms,
    overload_admission_limit: limits.length > 0 ? limits.reduce((a, b) => a + b, 0) : null,
    overload_admission_limit_per_psp: limits,
  };
};

/** Builds latest.json from a run. */
export const benchJson = (run: BenchRun): BenchJson => {
  const at50 = stepOf(run.project, 'steady50');
  const at80 = stepOf(run.project, 'steady80');
  const overload = stepOf(run.project, OVERLOAD_PHASE);
  const profiled = stepOf(run.project, 'profile50');
  const baseline80 = stepOf(run.baseline, 'steady80');
  const knee = run.project.knee.knee;
  return {
    schema_version: 1,
    generated_at: run.finishedAt,
    mode: run.quick ? 'quick' : 'full',
    p99_target_ms: run.bench.criteria.p99TargetMs,
    knee_payments_per_s: knee,
    baseline_payments_per_s: run.baseline.knee.knee,
    ratio_to_baseline: ratio(knee, run.baseline.knee.knee),
    at_50pct: scenarioOf(at50),
    at_80pct: scenarioOf(at80),
    at_150pct: scenarioOf(overload),
    ...overloadOf(overload),
    success_pct: at80.summary.successPct,
    ...costsOf(at80, run.project.idle),
    crypto_cpu_pct: cryptoPct(profiled, at50),
    outbox_lag_p99_ms: at80.outboxLagP99Ms ?? null,
    baseline: { ...costsOf(baseline80, run.baseline.idle), at_80pct: scenarioOf(baseline80) },
    history:
      run.history === undefined
        ? null
        : {
            payments: run.history.payments,
            days: run.history.days,
            load_seconds: run.history.loadSeconds,
            knee_payments_per_s: run.history.run.knee.knee,
            knee_empty_payments_per_s: knee,
            ratio_to_empty: ratio(run.history.run.knee.knee, knee),
          },
    steps: [...run.baseline.steps, ...run.project.steps, ...(run.history?.run.steps ?? [])].map(rowOf),
  };
};
