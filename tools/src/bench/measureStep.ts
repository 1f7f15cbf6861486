/**
 * One measured step: offer `ratePerS` for `seconds` to a system under test and account for everything it
 * cost. The window opens just before the first request and closes when nothing accepted is in flight any
 * more (or the drain bound passes), so every accepted payment's whole cost falls inside it:
 *   - CPU of each component (/proc: RabbitMQ's beam.smp, the Postgres processes serving the target, each
 *     service; the load generator's own process.cpuUsage()), and the whole machine's for comparison;
 *   - Postgres statements (pg_stat_statements, reset at the start);
 *   - with `full`: Postgres commits (pg_stat_database: a backend may hold its counts up to 10 s while
 *     idle, so the readings wait for that on both sides), broker messages (management API, settled), the
 *     outbox lag and consumer handling times (the services' /metrics histograms), the statements by text,
 *     and optionally CPU profiles of the services.
 * Outcomes are collected after the window closes, so that collecting costs the window nothing.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConstantRateResult } from '../load/sendAtConstantRate.ts';
import type { BenchTarget, PlannedStep } from './benchTarget.ts';
import { brokerDelta, type BrokerCounters, type BrokerProbe } from './brokerCounters.ts';
import { breakDownProfile, startProfiles, type CpuProfile, type ProfileBreakdown } from './cpuProfile.ts';
import { cpuShares, type CpuReading, type CpuShares } from './cpuShares.ts';
import { histogramQuantile, histogramsBetween, parseHistogram, sumHistograms } from './histogramQuantile.ts';
import type { LoadWorkerInput } from './loadWorker.ts';
import type { PgCounters, PgProbe, StatementCount } from './pgCounters.ts';
import { machineBusyTicks, pidsByCommand, readCpu } from './processCpu.ts';
import { summariseStep, type StepCriteria, type StepSummary } from './stepSummary.ts';

export type Probes = { pg: PgProbe; broker: BrokerProbe; clockTicksPerSecond: number; stepDir: string };

export type StepOptions = {
  label: string;
  ratePerS: number;
  seconds: number;
  drainSecondsMax: number;
  connectionsMax: number;
  criteria: StepCriteria;
  /** Commits, broker counters, service histograms and statements by text (slower: counters settle). */
  full: boolean;
  /**
   * Full steps: also count every committed transaction (pg_stat_database), which waits out Postgres's
   * reporting delay three times (about 33 s).
   */
  transactions: boolean;
  /** CPU profiles of the target's services during the window. */
  profile: boolean;
};

export type StepMeasurement = {
  target: string;
  label: string;
  summary: StepSummary;
  /** Payments final in the window: the denominator of every per-payment figure. */
  payments: number;
  windowSeconds: number;
  cpu: CpuShares;
  /** CPU outside the measured components: the bench's own orchestration and the rest of the machine. */
  cpuOutsideMs: { bench: number; restOfMachine: number };
  pg: {
    /** pg_stat_statements: every statement, BEGIN/COMMIT/DISCARD ALL included. */
    statementsPerPayment: number;
    /** COMMIT statements (pg_stat_statements). */
    commitsPerPayment: number;
    /**
     * Full steps: every committed transaction, single statements and background loops included
     * (pg_stat_database xact_commit, its idle tail taken off); null otherwise.
     */
    xactCommitsPerPayment: number | null;
    /** Full steps: transactions per second the target commits while idle (its background loops). */
    idleXactCommitsPerS: number | null;
    rollbacks: number | null;
    /** Statements by text, per payment: calls, rows and execution ms (full steps). */
    top: StatementCount[];
  };
  broker?: { publishedPerPayment: number; deliveredPerPayment: number; byQueue: BrokerCounters['byQueue'] };
  outboxLagP99Ms?: number | null;
  /** Per message type: deliveries handled, mean and p99 handling time (consumer_handle_seconds). */
  handling?: Record<string, { count: number; meanMs: number; p99Ms: number | null }>;
  /**
   * CPU profiles (profile steps): per service its breakdown and the CPU it spent sealing/opening (its
   * crypto share × its /proc CPU); in total, and as a share of every component's CPU.
   */
  profile?: {
    byService: Record<string, ProfileBreakdown & { cryptoCpuMs: number }>;
    cryptoCpuMs: number;
    cryptoCpuPct: number;
  };
};

/** Longer than Postgres's PGSTAT_IDLE_INTERVAL (10 s): every idle backend has reported its counts. */
const PG_STATS_SETTLE_MS = 11_000;
const LOAD_WORKER = fileURLToPath(new URL('./loadWorker.ts', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const perPayment = (value: number, payments: number): number =>
  payments > 0 ? Math.round((10 * value) / payments) / 10 : 0;

const runLoadWorker = (file: string): Promise<ConstantRateResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LOAD_WORKER, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (data: Buffer) => (out += data.toString()));
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as ConstantRateResult)
        : reject(new Error(`load generator exited with ${code}`)),
    );
  });

const scrapeAll = (urls: readonly string[]): Promise<string[]> =>
  Promise.all(urls.map(async (url) => (await fetch(url, { signal: AbortSignal.timeout(10_000) })).text()));

const components = async (target: BenchTarget, pg: PgProbe): Promise<Map<string, number[]>> =>
  new Map([['rabbitmq', pidsByCommand('beam.smp')], ['postgres', await pg.pids()], ...target.processes()]);

const drain = async (target: BenchTarget, secondsMax: number): Promise<void> => {
  const deadline = Date.now() + secondsMax * 1000;
  while (Date.now() < deadline && (await target.inFlight()) > 0) await sleep(250);
};

/** Everything read at one edge of the window. */
type Edge = {
  cpu: CpuReading;
  machineTicks: number;
  pg: PgCounters;
  metrics: string[];
  broker?: BrokerCounters;
  /** Closing edge, full steps: commits of one idle stretch as long as the settle (taken off). */
  xactTail?: number;
};

/** The opening edge: counters settled first, CPU read last, just before the first request. */
const openEdge = async (target: BenchTarget, probes: Probes, o: StepOptions): Promise<Edge> => {
  const full = o.full;
  const [broker] = full
    ? await Promise.all([probes.broker.settle(), sleep(o.transactions ? PG_STATS_SETTLE_MS : 0)])
    : [undefined];
  await probes.pg.reset();
  const pg = await probes.pg.read();
  const metrics = full ? await scrapeAll(target.metricsUrls) : [];
  const pids = await components(target, probes.pg);
  return { pg, metrics, broker, cpu: readCpu(pids), machineTicks: machineBusyTicks() };
};

/**
 * The closing edge: CPU read first, right as the window closes, then statements (counted at once), then
 * the counters that settle. pg_stat_database is read twice more, PG_STATS_SETTLE_MS apart: the first
 * reading holds the window plus an idle tail, the second one more idle stretch of the same length, which
 * is taken off (xactTail).
 */
const closeEdge = async (target: BenchTarget, probes: Probes, o: StepOptions): Promise<Edge> => {
  const cpu = readCpu(await components(target, probes.pg));
  const machineTicks = machineBusyTicks();
  const pg = await probes.pg.read(o.full ? 40 : 0);
  if (!o.full) return { cpu, machineTicks, pg, metrics: [] };
  const metrics = await scrapeAll(target.metricsUrls);
  if (!o.transactions) return { cpu, machineTicks, pg, metrics, broker: await probes.broker.settle() };
  const [broker] = await Promise.all([probes.broker.settle(), sleep(PG_STATS_SETTLE_MS)]);
  const settled = await probes.pg.read();
  await sleep(PG_STATS_SETTLE_MS);
  const idle = await probes.pg.read();
  return {
    cpu,
    machineTicks,
    pg: { ...pg, xactCommits: settled.xactCommits, rollbacks: settled.rollbacks },
    metrics,
    broker,
    xactTail: idle.xactCommits - settled.xactCommits,
  };
};

/**
 * Runs one step against `target` and measures it.
 * @throws whatever the target, the probes or the load generator throw
 */
export const measureStep = async (
  target: BenchTarget,
  probes: Probes,
  o: StepOptions,
): Promise<StepMeasurement> => {
  const step = await target.plan(Math.max(1, Math.round(o.ratePerS * o.seconds)));
  const file = writeStepFile(probes.stepDir, target, o, step);
  const open = await openEdge(target, probes, o);
  const benchBefore = process.cpuUsage();
  const started = performance.now();
  const profiling = o.profile ? await startProfiles(target.inspectorPorts) : undefined;
  const sent = await runLoadWorker(file);
  await drain(target, o.drainSecondsMax);
  const profiles = profiling ? await profiling.stop() : undefined;
  const windowSeconds = (performance.now() - started) / 1000;
  const benchCpu = process.cpuUsage(benchBefore);
  const close = await closeEdge(target, probes, o);
  const accepted = sent.statuses.flatMap((status, index) => (status >= 200 && status < 300 ? [index] : []));
  const { outcomes, firstAcceptedAtMs } = await step.collect(accepted);
  const rejected429 = sent.statusCounts['429'] ?? 0;
  const summary = summariseStep(
    o.ratePerS,
    {
      sent: sent.sent,
      accepted: accepted.length,
      rejected429,
      rejected429WithRetryAfter: sent.rejected429WithRetryAfter,
      errors: sent.sent - accepted.length - rejected429,
      sendSeconds: sent.sendSeconds,
      ingressP99Ms: sent.answerMs.p99,
      loadGeneratorCpuMs: sent.cpuMs,
    },
    outcomes,
    o.criteria,
    firstAcceptedAtMs,
  );
  const payments = summary.succeeded + summary.failed;
  const cpu = cpuShares(open.cpu, close.cpu, probes.clockTicksPerSecond, payments, {
    load_generator: sent.cpuMs,
  });
  const benchMs = Math.round((benchCpu.user + benchCpu.system) / 1000);
  const machineMs = ((close.machineTicks - open.machineTicks) * 1000) / probes.clockTicksPerSecond;
  return {
    target: target.name,
    label: o.label,
    summary,
    payments,
    windowSeconds: Math.round(windowSeconds * 10) / 10,
    cpu,
    cpuOutsideMs: {
      bench: benchMs,
      restOfMachine: Math.max(0, Math.round(machineMs - cpu.totalMs - benchMs)),
    },
    pg: pgBetween(open, close, payments),
    ...(o.full ? serviceFigures(open, close, payments, target) : {}),
    ...(profiles ? { profile: profileFigures(profiles, cpu) } : {}),
  };
};

const writeStepFile = (dir: string, target: BenchTarget, o: StepOptions, step: PlannedStep): string => {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${target.name}-${o.label}.json`);
  const input: LoadWorkerInput = {
    requests: step.requests,
    ratePerS: o.ratePerS,
    connectionsMax: o.connectionsMax,
    timeoutMs: 10_000,
  };
  writeFileSync(file, JSON.stringify(input));
  return file;
};

const pgBetween = (open: Edge, close: Edge, payments: number): StepMeasurement['pg'] => {
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

/** Broker messages, outbox lag and handling times between the two edges. */
const serviceFigures = (
  open: Edge,
  close: Edge,
  payments: number,
  target: BenchTarget,
): Pick<StepMeasurement, 'broker' | 'outboxLagP99Ms' | 'handling'> => {
  const figures: Pick<StepMeasurement, 'broker' | 'outboxLagP99Ms' | 'handling'> = {};
  if (open.broker && close.broker) {
    const delta = brokerDelta(open.broker, close.broker);
    figures.broker = {
      publishedPerPayment: perPayment(delta.published, payments),
      deliveredPerPayment: perPayment(delta.delivered, payments),
      byQueue: delta.byQueue,
    };
  }
  if (target.metricsUrls.length === 0) return figures;
  const histograms = (texts: string[], name: string, groupBy?: string) =>
    sumHistograms(texts.map((text) => parseHistogram(text, name, groupBy)));
  const lag = histogramsBetween(
    histograms(open.metrics, 'outbox_lag_seconds'),
    histograms(close.metrics, 'outbox_lag_seconds'),
  ).get('');
  const lagP99 = lag === undefined ? undefined : histogramQuantile(lag, 0.99);
  figures.outboxLagP99Ms = lagP99 === undefined ? null : Math.round(lagP99 * 10_000) / 10;
  figures.handling = {};
  const handled = histogramsBetween(
    histograms(open.metrics, 'consumer_handle_seconds', 'type'),
    histograms(close.metrics, 'consumer_handle_seconds', 'type'),
  );
  for (const [type, h] of handled) {
    if (h.count <= 0) continue;
    const p99 = histogramQuantile(h, 0.99);
    figures.handling[type] = {
      count: h.count,
      meanMs: Math.round((10_000 * h.sum) / h.count) / 10,
      p99Ms: p99 === undefined ? null : Math.round(p99 * 10_000) / 10,
    };
  }
  return figures;
};

const profileFigures = (
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
