/**
 * The local runner of a k6 scenario (no k6 binary needed): the same plan, the same arrival schedule (k6's
 * constant- or ramping-arrival-rate: iterations start on time whether or not earlier ones finished, up to
 * maxVUs at once; a start with no free VU is dropped, as k6 counts dropped_iterations), the same iteration
 * (POST the pre-sealed payment, then poll until it is final) and the same thresholds. A progress line
 * (cli-progress) shows it while it runs; the figures are printed at the end.
 */
import cliProgress from 'cli-progress';
import { metricsOf, percentile, type IterationRecord, type Metrics } from './loadFigures.ts';
import type { LoadPlan } from './prepareLoad.ts';
import { arrivalTimes, rateAt, scenarioMs, type Scenario } from './scenarios.ts';

const POLL_MS = 500;
const FINAL_WAIT_MS = 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type PlannedPayment = LoadPlan['payments'][number];
type View = {
  status: string;
  errCode: string | null;
  declineClass: 'TD' | 'BD' | null;
  createdAt: string;
  finalAt: string | null;
};

const userHeaders = (p: PlannedPayment) => ({
  authorization: `Bearer ${p.token}`,
  'x-device-id': p.deviceId,
});

const followUntilFinal = async (p: PlannedPayment): Promise<View | undefined> => {
  const deadline = Date.now() + FINAL_WAIT_MS;
  while (Date.now() < deadline) {
    await sleep(POLL_MS);
    const response = await fetch(`${p.pspUrl}/v1/payments/${p.txnId}`, { headers: userHeaders(p) }).catch(
      () => undefined,
    );
    if (response?.status !== 200) continue;
    const view = (await response.json()) as View;
    if (view.status !== 'PENDING') return view;
  }
  return undefined;
};

/** One iteration, as k6/lib/payments.js payOnce does it. */
const iterate = async (p: PlannedPayment, startedAtMs: number): Promise<IterationRecord> => {
  const response = await fetch(`${p.pspUrl}/v1/payments`, {
    method: 'POST',
    headers: { ...userHeaders(p), 'content-type': 'application/json', 'idempotency-key': p.idempotencyKey },
    body: JSON.stringify(p.body),
  }).catch(() => undefined);
  const status = response?.status ?? 0;
  await response?.body?.cancel();
  if (status !== 202) return { kind: p.kind, startedAtMs, status };
  const view = await followUntilFinal(p);
  if (!view?.finalAt) return { kind: p.kind, startedAtMs, status, unfinished: true };
  const e2eMs = Date.parse(view.finalAt) - Date.parse(view.createdAt);
  return { kind: p.kind, startedAtMs, status, final: { ...view, e2eMs } };
};

export type FaultsSet = Array<{ participant: string; url: string; operatorKey: string; id: string }>;

/** Sets the plan's failure-injection rules (POST /v1/faults); a service without the endpoint is reported. */
export const setFaults = async (plan: LoadPlan): Promise<FaultsSet> => {
  const set: FaultsSet = [];
  for (const fault of plan.faults) {
    const response = await fetch(`${fault.url}/v1/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-operator-key': fault.operatorKey },
      body: JSON.stringify(fault.rule),
    }).catch(() => undefined);
    if (response?.status === 201) {
      const { id } = (await response.json()) as { id: string };
      set.push({ participant: fault.participant, url: fault.url, operatorKey: fault.operatorKey, id });
      console.log(`load: failure injection on ${fault.participant}: ${JSON.stringify(fault.rule)}`);
    } else {
      console.log(
        `load: failure injection on ${fault.participant} not available (HTTP ${response?.status ?? 'none'}): ` +
          'no technical declines will be injected',
      );
    }
  }
  return set;
};

export const clearFaults = async (set: FaultsSet): Promise<void> => {
  for (const rule of set)
    await fetch(`${rule.url}/v1/faults/${encodeURIComponent(rule.id)}`, {
      method: 'DELETE',
      headers: { 'x-operator-key': rule.operatorKey },
    }).catch(() => undefined);
};

export type RunResult = {
  records: IterationRecord[];
  dropped: number;
  /** When each dropped iteration was due (ms from the start). */
  droppedAtMs: number[];
  metrics: Metrics;
  elapsedMs: number;
};

type Progress = {
  executor: Scenario['executor'];
  started: number;
  records: IterationRecord[];
  running: Set<Promise<void>>;
  droppedAtMs: number[];
};

/** The progress line's figures so far. */
const progressFigures = (p: Progress) => {
  const finals = p.records.filter((r) => r.final);
  const p95 = percentile(
    finals.map((r) => r.final!.e2eMs).sort((a, b) => a - b),
    95,
  );
  const successes = finals.filter((r) => r.final!.status === 'SUCCESS').length;
  const elapsed = Date.now() - p.started;
  return {
    offered: rateAt(p.executor, Math.min(elapsed, scenarioMs(p.executor) - 1)).toFixed(0),
    sent: p.records.length + p.running.size,
    inFlight: p.running.size,
    final: finals.length,
    ok: finals.length === 0 ? '-' : `${((100 * successes) / finals.length).toFixed(1)}%`,
    p95: p95 === undefined ? '-' : `${Math.round(p95)} ms`,
    throttled: p.records.filter((r) => r.status === 429).length,
    dropped: p.droppedAtMs.length,
  };
};

/** A progress line (cli-progress), refreshed 4 times a second until stopped. */
const showProgress = (name: string, p: Progress): { stop(): void } => {
  const totalS = Math.round(scenarioMs(p.executor) / 1000);
  const bar = new cliProgress.SingleBar(
    {
      format:
        `${name} [{bar}] {value}/{total} s | offered {offered}/s | sent {sent} | in flight {inFlight} | ` +
        'final {final} | ok {ok} | p95 {p95} | 429 {throttled} | dropped {dropped}',
      barsize: 20,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5_000,
    },
    cliProgress.Presets.shades_classic,
  );
  const seconds = () => Math.min(totalS, Math.floor((Date.now() - p.started) / 1000));
  bar.start(totalS, 0, progressFigures(p));
  const ticker = setInterval(() => bar.update(seconds(), progressFigures(p)), 250);
  return {
    stop() {
      clearInterval(ticker);
      bar.update(totalS, progressFigures(p));
      bar.stop();
    },
  };
};

/** Runs the scenario's schedule over the plan. @throws Error when the plan is shorter than the schedule */
export const runScenario = async (name: string, scenario: Scenario, plan: LoadPlan): Promise<RunResult> => {
  const { executor } = scenario;
  const starts = arrivalTimes(executor);
  if (plan.payments.length < starts.length)
    throw new Error(
      `the plan holds ${plan.payments.length} payments, the scenario starts ${starts.length}: prepare again`,
    );
  const p: Progress = { executor, started: Date.now(), records: [], running: new Set(), droppedAtMs: [] };
  const progress = showProgress(name, p);
  try {
    for (const [i, at] of starts.entries()) {
      const wait = p.started + at - Date.now();
      if (wait > 0) await sleep(wait);
      // k6 starts an iteration only on a free VU; one due with all maxVUs busy is dropped.
      if (p.running.size >= executor.maxVUs) {
        p.droppedAtMs.push(at);
        continue;
      }
      const work: Promise<void> = iterate(plan.payments[i], at)
        .then((record) => void p.records.push(record))
        .finally(() => p.running.delete(work));
      p.running.add(work);
    }
    await Promise.all(p.running);
  } finally {
    progress.stop();
  }
  const dropped = p.droppedAtMs.length;
  return {
    records: p.records,
    dropped,
    droppedAtMs: p.droppedAtMs,
    metrics: metricsOf(p.records, dropped),
    elapsedMs: Date.now() - p.started,
  };
};
