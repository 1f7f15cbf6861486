/**
 * The load scenarios, defined once in k6/scenarios.json and read both by the k6 scripts (k6/*.js) and by
 * the local runner: executor (k6's constant-arrival-rate or ramping-arrival-rate options), the plan's shape
 * (payers, a bank skew, a decline mix), failure-injection rules, and k6 thresholds. Pure helpers here: k6
 * durations, how many iterations a scenario starts, and when each starts (k6 spaces starts fractionally).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../config.ts';
import type { FaultRuleInput } from '@switchyard/outbox';

type Stage = { target: number; duration: string };
export type Executor =
  | {
      executor: 'constant-arrival-rate';
      rate: number;
      timeUnit: string;
      duration: string;
      preAllocatedVUs: number;
      maxVUs: number;
    }
  | {
      executor: 'ramping-arrival-rate';
      startRate: number;
      timeUnit: string;
      stages: Stage[];
      preAllocatedVUs: number;
      maxVUs: number;
    };

export type PlanShape = {
  payers: number;
  /** A share of the payers bank with one bank. */
  skew?: { bank: string; payerShare: number };
  /** Shares of payments meant to end in a business decline. */
  mix?: { wrongPin: number; insufficientFunds: number; frozenPayee: number };
};

/** A failure-injection rule (the POST /v1/faults body) to set on a participant for the run. */
export type ScenarioFault = { participant: string; rule: FaultRuleInput };

export type Scenario = {
  description: string;
  executor: Executor;
  plan: PlanShape;
  faults: ScenarioFault[];
  /** k6 thresholds: metric (optionally {tag:value}) → expressions such as "p(95)<3000", "rate>0.99". */
  thresholds: Record<string, string[]>;
};

const SCENARIOS_FILE = join(REPO_ROOT, 'k6/scenarios.json');

export const loadScenarios = (file = SCENARIOS_FILE): Record<string, Scenario> =>
  JSON.parse(readFileSync(file, 'utf8')) as Record<string, Scenario>;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** A k6 duration ("30s", "1m30s", "500ms") in ms. @throws Error for anything else */
export const durationMs = (text: string): number => {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text)
    throw new Error(`not a k6 duration: ${text}`);
  return parts.reduce((total, [, value, unit]) => total + Number(value) * UNIT_MS[unit], 0);
};

/** How long the executor starts iterations, in ms. */
export const scenarioMs = (executor: Executor): number =>
  executor.executor === 'constant-arrival-rate'
    ? durationMs(executor.duration)
    : executor.stages.reduce((total, stage) => total + durationMs(stage.duration), 0);

/** The offered rate (iterations per second) at `atMs` into the scenario. */
export const rateAt = (executor: Executor, atMs: number): number => {
  const perSecond = 1_000 / durationMs(executor.timeUnit);
  if (executor.executor === 'constant-arrival-rate') return executor.rate * perSecond;
  let from = executor.startRate;
  let start = 0;
  for (const stage of executor.stages) {
    const length = durationMs(stage.duration);
    if (atMs < start + length) return (from + ((stage.target - from) * (atMs - start)) / length) * perSecond;
    from = stage.target;
    start += length;
  }
  return from * perSecond;
};

/**
 * When each iteration starts (ms from the scenario's start): the n-th when the integral of the rate
 * reaches n, as k6's arrival-rate executors space them.
 */
export const arrivalTimes = (executor: Executor, stepMs = 1): number[] => {
  const total = scenarioMs(executor);
  const times: number[] = [];
  let accumulated = 0;
  for (let t = 0; t < total; t += stepMs) {
    const next = accumulated + (rateAt(executor, t + stepMs / 2) * stepMs) / 1_000;
    for (let n = Math.floor(accumulated) + 1; n <= next; n += 1) times.push(t);
    if (accumulated === 0 && next > 0 && times.length === 0) times.push(t); // k6 starts one at once
    accumulated = next;
  }
  return times;
};
