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
 * Outcomes are collected after the window closes, so that collecting costs the window nothing. The edges
 * are read by stepEdges.ts, the figures worked out by stepFigures.ts.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConstantRateResult } from '../load/sendAtConstantRate.ts';
import type { BenchTarget, PlannedStep } from './benchTarget.ts';
import type { BrokerCounters, BrokerProbe } from './brokerCounters.ts';
import { startProfiles, type ProfileBreakdown } from './cpuProfile.ts';
import { cpuShares, type CpuShares } from './cpuShares.ts';
import type { LoadWorkerInput } from './loadWorker.ts';
import type { PgProbe, StatementCount } from './pgCounters.ts';
import { closeEdge, openEdge } from './stepEdges.ts';
import { pgBetween, profileFigures, serviceFigures } from './stepFigures.ts';
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
  /**
   * Full steps: each PSP's adaptive admission limit (psp_admission_limit) when the step closed, in the
   * order of the target's metrics URLs; empty for a target without it (the baseline).
   */
  admissionLimits?: number[];
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

const LOAD_WORKER = fileURLToPath(new URL('./loadWorker.ts', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

const drain = async (target: BenchTarget, secondsMax: number): Promise<void> => {
  const deadline = Date.now() + secondsMax * 1000;
  // A probe that fails (a busy server) says nothing: keep waiting, within the bound. Each probe of the
  // project scrapes the PSPs' /metrics (a query or two each): twice a second is cheap next to the load.
  while (Date.now() < deadline && (await target.inFlight().catch(() => 1)) > 0) await sleep(500);
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
      lateMsP99: sent.lateMsP99,
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
