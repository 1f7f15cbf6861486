/**
 * `make bench`: measures the bare pipeline and the project in one run on this box, each on its own
 * prefix, databases and ports (never the live network):
 *   1. the baseline (baseline/): warm up, find its knee, one steady full step at 80 % of it; stop it;
 *   2. the project (projectTarget.ts): warm up, find its knee, steady full steps at 50 % and 80 % of it,
 *      then one more at 50 % with CPU profiles of the services (profiling costs CPU: it gets a step of
 *      its own, so the other figures are the system's alone), then an overload step at 150 % of it
 *      (admission control: how much is refused with 429, how fast the admitted payments are, and where
 *      the PSPs' adaptive admission limit ends); last, because it leaves that limit lowered;
 *   3. with a history: load it (history/loadHistory.ts), warm up, find the knee again;
 * then hands everything to the report (benchReport.ts). Knee: kneeSearch.ts over measured steps
 * (measureStep.ts) judged by stepSummary.ts.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import type { LocalSettings } from '../config.ts';
import { startBaseline } from './baseline/baselinePipeline.ts';
import type { BenchTarget } from './benchTarget.ts';
import { brokerProbe } from './brokerCounters.ts';
import { loadHistory } from './history/loadHistory.ts';
import { measureIdle, type IdleCost } from './measureIdle.ts';
import { searchKnee, type KneeResult } from './kneeSearch.ts';
import { measureStep, type Probes, type StepMeasurement, type StepOptions } from './measureStep.ts';
import { openPgProbe } from './pgCounters.ts';
import { clockTicksPerSecond } from './processCpu.ts';
import { startProject } from './projectTarget.ts';
import type { StepCriteria } from './stepSummary.ts';

export type BenchSettings = {
  /** Seconds per knee step, warm-up, idle window and steady step. */
  stepSeconds: number;
  warmSeconds: number;
  idleSeconds: number;
  steadySeconds: number;
  /**
   * Payments a knee or steady step offers at least: a slow rate's step runs longer than its seconds, so that
   * its p99 rests on a few slow payments rather than on the second-slowest one (20 s at 8/s is 160
   * payments). stepSecondsFor.
   */
  stepPaymentsMin: number;
  /** How long a step may take to drain after the last request. */
  drainSecondsMax: number;
  projectStartRate: number;
  baselineStartRate: number;
  maxRate: number;
  growth: number;
  resolution: number;
  connectionsMax: number;
  criteria: StepCriteria;
  /** Count every committed transaction in the steady steps (about 33 s more per steady step). */
  transactions: boolean;
  /**
   * Postgres pool per process (SY_DB_POOL_SIZE_MAX for the services; the baseline's own), when not the
   * services' default: QUICK runs with small pools so they fit beside other networks on a shared server.
   */
  poolSizeMax?: number;
};

/** `make bench QUICK=1`: tiny steps to check the harness, not figures to quote. */
export const QUICK_SETTINGS: BenchSettings = {
  stepSeconds: 4,
  warmSeconds: 4,
  idleSeconds: 4,
  steadySeconds: 8,
  stepPaymentsMin: 0,
  drainSecondsMax: 20,
  projectStartRate: 4,
  baselineStartRate: 20,
  maxRate: 400,
  growth: 2,
  resolution: 0.25,
  connectionsMax: 128,
  criteria: { p99TargetMs: 250, lossShareMax: 0.01 },
  transactions: false,
  poolSizeMax: 4,
};

export const FULL_SETTINGS: BenchSettings = {
  stepSeconds: 20,
  warmSeconds: 20,
  idleSeconds: 10,
  steadySeconds: 40,
  stepPaymentsMin: 500,
  drainSecondsMax: 60,
  projectStartRate: 8,
  baselineStartRate: 20,
  maxRate: 1_000,
  growth: 1.5,
  resolution: 0.1,
  connectionsMax: 256,
  criteria: { p99TargetMs: 250, lossShareMax: 0.01 },
  transactions: true,
};

export type BenchOptions = {
  settings: LocalSettings;
  bench: BenchSettings;
  quick: boolean;
  /** History payments to load before measuring the knee again (0: none). */
  history: number;
  historyDays: number;
  /** Keep the project network's databases and logs afterwards. */
  keep: boolean;
  say: (line: string) => void;
};

/** One system's measured run: its idle cost, its knee and every step, labelled by phase. */
export type TargetRun = {
  idle: IdleCost;
  knee: KneeResult;
  steps: Array<StepMeasurement & { phase: string }>;
};

export type BenchRun = {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  bench: BenchSettings;
  baseline: TargetRun;
  project: TargetRun;
  history?: { payments: number; days: number; loadSeconds: number; run: TargetRun };
};

/** The overload step: past the knee, where admission control must refuse (429) rather than queue. */
export const OVERLOAD_PHASE = 'overload150';
const OVERLOAD_FRACTION = 1.5;

const steadyRate = (knee: number, fraction: number): number => Math.max(1, Math.round(knee * fraction));

/** How long a step at `ratePerS` lasts: `seconds`, or longer when that offers fewer than `paymentsMin` (pure). */
export const stepSecondsFor = (ratePerS: number, seconds: number, paymentsMin: number): number =>
  Math.max(seconds, Math.ceil(paymentsMin / ratePerS));

/**
 * Postgres connections the bench's network needs at most (five services, each its pool plus its relay
 * and leader sessions) must be free: another network on the same server would starve it and the figures
 * would be the server's refusals. Full runs refuse to start; QUICK runs say so and go on.
 * @throws Error for a full run without enough free connections
 */
const checkConnections = async (o: BenchOptions): Promise<void> => {
  const client = new pg.Client({ connectionString: o.settings.postgresUrl });
  await client.connect();
  const { rows } = await client
    .query<{ free: number }>(
      "SELECT current_setting('max_connections')::int - (SELECT count(*) FROM pg_stat_activity)::int AS free",
    )
    .finally(() => client.end());
  const needed = 5 * ((o.bench.poolSizeMax ?? 10) + 3);
  if (rows[0].free >= needed) return;
  const message = `Postgres has ${rows[0].free} free connections and the bench's network needs about ${needed}: other networks are running on this server`;
  if (!o.quick) throw new Error(`${message}; stop them (make down) or wait, then run make bench again`);
  o.say(`WARNING: ${message}; going on (QUICK)`);
};

/** Measures warm-up, knee and the steady steps of one target. */
const measureTarget = async (
  target: BenchTarget,
  probes: Probes,
  o: BenchOptions,
  plan: {
    startRate: number;
    phase: string;
    steady: Array<{ name: string; fraction: number; profile: boolean }>;
  },
): Promise<TargetRun> => {
  const b = o.bench;
  const steps: TargetRun['steps'] = [];
  const step = async (phase: string, extra: Partial<StepOptions> & { ratePerS: number }) => {
    const measured = await measureStep(target, probes, {
      label: `${phase}-${extra.ratePerS}`,
      seconds: stepSecondsFor(extra.ratePerS, b.stepSeconds, b.stepPaymentsMin),
      drainSecondsMax: b.drainSecondsMax,
      connectionsMax: b.connectionsMax,
      criteria: b.criteria,
      full: false,
      transactions: b.transactions,
      profile: false,
      ...extra,
    });
    const s = measured.summary;
    o.say(
      `${target.name} ${phase} ${s.offeredPerS}/s: p50 ${s.p50Ms ?? '-'} p99 ${s.p99Ms ?? '-'} ms, ` +
        `${s.succeeded}/${s.sent} ok, 429 ${s.rejected429}, ${measured.cpu.msPerPayment ?? '-'} ms CPU/payment` +
        `${s.pass ? '' : ` — ${s.why.join('; ')}`}`,
    );
    steps.push({ ...measured, phase });
    return measured;
  };
  await step(`${plan.phase}warm`, {
    ratePerS: Math.max(1, Math.round(plan.startRate / 2)),
    seconds: b.warmSeconds,
  });
  const idle = await measureIdle(target, probes, b.idleSeconds);
  o.say(
    `${target.name} idle: ${idle.totalCpuMsPerS} ms CPU and ${idle.pgStatementsPerS} statements per second`,
  );
  const knee = await searchKnee(
    async (rate) => (await step(`${plan.phase}knee`, { ratePerS: rate })).summary,
    {
      startRate: plan.startRate,
      maxRate: b.maxRate,
      minRate: 1,
      growth: b.growth,
      resolution: b.resolution,
    },
  );
  o.say(`${target.name}: knee ${knee.knee} payments/s (first failure at ${knee.firstFailure ?? '-'}/s)`);
  for (const { name, fraction, profile } of plan.steady) {
    const ratePerS = steadyRate(knee.knee, fraction);
    await step(`${plan.phase}${name}`, {
      ratePerS,
      seconds: stepSecondsFor(ratePerS, b.steadySeconds, b.stepPaymentsMin),
      full: true,
      profile,
    });
  }
  return { idle, knee, steps };
};

const probesFor = async (target: BenchTarget, o: BenchOptions, dir: string): Promise<Probes> => ({
  pg: await openPgProbe(o.settings.postgresUrl, target.databases),
  broker: brokerProbe(o.settings.managementUrl, o.settings.amqpUrl, target.prefix),
  clockTicksPerSecond: clockTicksPerSecond(),
  stepDir: dir,
});

/**
 * Runs the whole bench (see the module comment).
 * @throws Error when Postgres lacks pg_stat_statements, a system cannot start, or a step fails to run
 */
export const runBench = async (o: BenchOptions): Promise<BenchRun> => {
  const startedAt = new Date().toISOString();
  const run = randomBytes(3).toString('hex');
  // Below the kernel's ephemeral ports (32768 and up), apart from the e2e networks' (20000–22000).
  const portBase = 23_000 + (parseInt(run, 16) % 190) * 50;
  const dir = join(o.settings.runDir, 'bench', run);
  o.say(`bench ${run}: ${o.quick ? 'QUICK (harness check, not figures to quote)' : 'full'} run`);
  await checkConnections(o);

  const baselineTarget = await startBaseline({
    postgresUrl: o.settings.postgresUrl,
    amqpUrl: o.settings.amqpUrl,
    run,
    httpPort: portBase + 40,
    logsDir: join(dir, 'logs'),
    poolSizeMax: o.bench.poolSizeMax,
  });
  let baseline: TargetRun;
  try {
    const probes = await probesFor(baselineTarget, o, join(dir, 'steps'));
    baseline = await measureTarget(baselineTarget, probes, o, {
      startRate: o.bench.baselineStartRate,
      phase: '',
      steady: [{ name: 'steady80', fraction: 0.8, profile: false }],
    }).finally(() => probes.pg.end());
  } finally {
    await baselineTarget.stop();
  }

  o.say('project: starting the network and onboarding the load payers …');
  const project = await startProject({
    settings: o.settings,
    portBase,
    payerCount: 24,
    pin: '5791',
    keep: o.keep,
    env: o.bench.poolSizeMax === undefined ? {} : { SY_DB_POOL_SIZE_MAX: String(o.bench.poolSizeMax) },
  });
  try {
    const probes = await probesFor(project, o, join(dir, 'steps'));
    try {
      const empty = await measureTarget(project, probes, o, {
        startRate: o.bench.projectStartRate,
        phase: '',
        steady: [
          { name: 'steady50', fraction: 0.5, profile: false },
          { name: 'steady80', fraction: 0.8, profile: false },
          { name: 'profile50', fraction: 0.5, profile: true },
          { name: OVERLOAD_PHASE, fraction: OVERLOAD_FRACTION, profile: false },
        ],
      });
      if (o.history <= 0)
        return {
          startedAt,
          finishedAt: new Date().toISOString(),
          quick: o.quick,
          bench: o.bench,
          baseline,
          project: empty,
        };
      o.say(`history: loading ${o.history} payments over ${o.historyDays} days …`);
      const loadSeconds = await loadHistory(project, { count: o.history, days: o.historyDays, say: o.say });
      const withHistory = await measureTarget(project, probes, o, {
        startRate: Math.max(1, empty.knee.knee),
        phase: 'history-',
        steady: [],
      });
      return {
        startedAt,
        finishedAt: new Date().toISOString(),
        quick: o.quick,
        bench: o.bench,
        baseline,
        project: empty,
        history: { payments: o.history, days: o.historyDays, loadSeconds, run: withHistory },
      };
    } finally {
      await probes.pg.end();
    }
  } finally {
    await project.stop();
  }
};
