import { expect } from 'chai';
import { benchMarkdown } from '../../../src/bench/benchMarkdown.ts';
import { benchJson } from '../../../src/bench/benchReport.ts';
import { chartPoints, latencyChartSvg } from '../../../src/bench/latencyChart.ts';
import type { StepMeasurement } from '../../../src/bench/measureStep.ts';
import { QUICK_SETTINGS, type BenchRun } from '../../../src/bench/runBench.ts';

const step = (
  target: string,
  phase: string,
  rate: number,
  p99: number | null,
  extra: Partial<StepMeasurement> = {},
): StepMeasurement & { phase: string } => ({
  target,
  label: `${phase}-${rate}`,
  phase,
  payments: rate * 10,
  windowSeconds: 11,
  summary: {
    offeredPerS: rate,
    sentPerS: rate,
    sent: rate * 10,
    accepted: rate * 10,
    rejected429: 0,
    rejected429WithRetryAfter: 0,
    errors: 0,
    succeeded: rate * 10,
    failed: 0,
    unfinished: p99 === null ? 1 : 0,
    completedPerS: rate,
    p50Ms: 20,
    p95Ms: 40,
    p99Ms: p99,
    maxMs: p99,
    ingressP99Ms: 3,
    generatorLateP99Ms: 1,
    successPct: 100,
    pass: p99 !== null && p99 <= 250,
    why: p99 !== null && p99 <= 250 ? [] : ['p99'],
  },
  cpu: {
    totalMs: 1_000,
    byComponentMs: { rabbitmq: 600, postgres: 400 },
    share: { rabbitmq: 0.6, postgres: 0.4 },
    msPerPayment: 12.5,
  },
  cpuOutsideMs: { bench: 10, restOfMachine: 2_200 },
  pg: {
    statementsPerPayment: 150,
    commitsPerPayment: 19,
    xactCommitsPerPayment: 30,
    idleXactCommitsPerS: 4,
    rollbacks: 0,
    top: [],
  },
  ...extra,
});

const RUN: BenchRun = {
  startedAt: '2026-11-29T10:00:00.000Z',
  finishedAt: '2026-11-29T10:20:00.000Z',
  quick: false,
  bench: QUICK_SETTINGS,
  baseline: {
    idle: { seconds: 10, cpuMsPerS: { rabbitmq: 30 }, totalCpuMsPerS: 30, pgStatementsPerS: 0 },
    knee: { knee: 100, firstFailure: 110, trials: [] },
    steps: [
      step('baseline', 'knee', 100, 200),
      step('baseline', 'steady80', 80, 150, {
        broker: { publishedPerPayment: 6, deliveredPerPayment: 6, byQueue: {} },
      }),
    ],
  },
  project: {
    idle: {
      seconds: 10,
      cpuMsPerS: { rabbitmq: 60, switch: 20 },
      totalCpuMsPerS: 80,
      pgStatementsPerS: 25.5,
    },
    knee: { knee: 40, firstFailure: 44, trials: [] },
    steps: [
      step('project', 'warm', 4, 30),
      step('project', 'knee', 40, 240),
      step('project', 'knee', 44, null),
      step('project', 'steady50', 20, 90),
      step('project', 'steady80', 32, 180, {
        outboxLagP99Ms: 35.5,
        broker: {
          publishedPerPayment: 10,
          deliveredPerPayment: 10,
          byQueue: { 'switch.work': { published: 1600, delivered: 1600 } },
        },
      }),
      step('project', 'overload150', 60, 1_400, {
        summary: {
          ...step('project', 'overload150', 60, 1_400).summary,
          sent: 600,
          accepted: 400,
          rejected429: 200,
          rejected429WithRetryAfter: 200,
          succeeded: 400,
          completedPerS: 40,
          pass: false,
          why: ['p99 1400 ms > 250 ms', '200 of 600 lost'],
        },
        admissionLimits: [32, 33],
      }),
      step('project', 'profile50', 20, 95, {
        // A "service" whose samples are 5 % crypto: applied to its 600 ms of the clean 50 % step's 1000 ms.
        profile: {
          byService: {
            rabbitmq: {
              sampledMs: 500,
              programMs: 100,
              cryptoShare: 0.05,
              cryptoSchemaShare: 0.2,
              byArea: [],
              cryptoCpuMs: 40,
            },
          },
          cryptoCpuMs: 40,
          cryptoCpuPct: 4,
        },
      }),
    ],
  },
  history: {
    payments: 1_000_000,
    days: 30,
    loadSeconds: 600,
    run: {
      idle: { seconds: 10, cpuMsPerS: {}, totalCpuMsPerS: 80, pgStatementsPerS: 25 },
      knee: { knee: 36, firstFailure: 40, trials: [] },
      steps: [step('project', 'history-knee', 36, 230)],
    },
  },
};

describe('tools: bench report', () => {
  it('writes the headline figures flat, the steady scenarios nested, and every step', () => {
    const json = benchJson(RUN);
    expect(json).to.include({
      schema_version: 1,
      mode: 'full',
      knee_payments_per_s: 40,
      baseline_payments_per_s: 100,
      ratio_to_baseline: 0.4,
      success_pct: 100,
      cpu_ms_per_payment: 12.5,
      pg_statements_per_payment: 150,
      pg_commits_per_payment: 19,
      pg_xact_commits_per_payment: 30,
      broker_messages_per_payment: 10,
      crypto_cpu_pct: 3,
      outbox_lag_p99_ms: 35.5,
      idle_cpu_ms_per_s: 80,
      idle_pg_statements_per_s: 25.5,
    });
    expect(json.at_50pct).to.include({ offered_per_s: 20, p50_ms: 20, p95_ms: 40, p99_ms: 90 });
    expect(json.at_80pct).to.include({ offered_per_s: 32, p99_ms: 180, rejected_429: 0 });
    expect(json).to.include({
      overload_offered_per_s: 60,
      overload_completed_per_s: 40,
      overload_429_pct: 33.3,
      overload_429_retry_after_pct: 100,
      overload_p99_ms: 1_400,
      overload_admission_limit: 65,
    });
    expect(json.overload_admission_limit_per_psp).to.deep.equal([32, 33]);
    expect(json.at_150pct).to.include({
      offered_per_s: 60,
      rejected_429: 200,
      rejected_429_with_retry_after: 200,
    });
    expect(json.cpu_share).to.deep.equal({ rabbitmq: 0.6, postgres: 0.4 });
    expect(json.baseline).to.include({ broker_messages_per_payment: 6, pg_statements_per_payment: 150 });
    expect(json.history).to.deep.equal({
      payments: 1_000_000,
      days: 30,
      load_seconds: 600,
      knee_payments_per_s: 36,
      knee_empty_payments_per_s: 40,
      ratio_to_empty: 0.9,
    });
    expect(json.steps).to.have.length(10);
    expect(json.steps[4]).to.include({
      target: 'project',
      phase: 'knee',
      p99_ms: null,
      pass: false,
      machine_other_ms_per_s: 200,
    });
    expect(benchJson({ ...RUN, history: undefined }).history).to.equal(null);
  });

  it('renders the markdown with the same figures and the targets, and a chart of every known percentile', async () => {
    const json = benchJson(RUN);
    const markdown = benchMarkdown(RUN, json, 'chart.svg');
    expect(markdown).to.include('| ratio_to_baseline | 0.4 | ≥ 2.5 |');
    expect(markdown).to.include('| p99 at 80 % of the knee | 180 ms | ≤ 250 ms |');
    expect(markdown).to.include('![latency against offered rate](chart.svg)');
    expect(markdown).to.include('36 (40) payments/s, ratio 0.9');
    expect(markdown).to.include('| overload: refused 429 (of which with Retry-After) | 33.3 % (100 %) |');
    expect(markdown).to.include('| admission limit after the overload (per PSP) | 65 (32 + 33) |');
    const points = chartPoints(json);
    expect(points.filter((p) => p.system === 'project, with history')).to.have.length(2);
    expect(
      points.some((p) => p.offered === 44 && p.percentile === 'p99'),
      'an unfinished p99 is not drawn',
    ).to.equal(false);
    expect(
      points.some((p) => p.offered === 4),
      'warm-ups are not drawn',
    ).to.equal(false);
    const svg = await latencyChartSvg(json);
    expect(svg.startsWith('<svg')).to.equal(true);
    expect(svg).to.include('offered payments/s');
  });
});
