/**
 * What the bench needs of a system under test — the project's network (projectTarget.ts) or the bare
 * pipeline (baseline/baselinePipeline.ts) — so both are measured by the same steps, the same knee search
 * and the same counters.
 */
import type { LoadRequest } from '../load/sendAtConstantRate.ts';
import type { PaymentOutcome } from './stepSummary.ts';

/** A step's requests, and how to learn how the accepted ones ended. */
export type PlannedStep = {
  requests: LoadRequest[];
  /**
   * The outcome of each accepted request (by index into `requests`), and when the first of them was
   * accepted (ms since the epoch, the system's own stamp).
   */
  collect(accepted: readonly number[]): Promise<{ outcomes: PaymentOutcome[]; firstAcceptedAtMs?: number }>;
};

export type BenchTarget = {
  /** 'project' or 'baseline'. */
  name: string;
  /** The broker name prefix of its queues. */
  prefix: string;
  /** Its Postgres databases. */
  databases: string[];
  /** Its own processes by component name (e.g. switch, psp.zap; baseline.psp). */
  processes(): Map<string, number[]>;
  /** Each service's /metrics URL (none for the baseline). */
  metricsUrls: string[];
  /** Each service's V8 inspector port, for CPU profiles (none for the baseline). */
  inspectorPorts: Map<string, number>;
  /** Builds `count` requests (payments), pre-sealed where the system needs it. */
  plan(count: number): Promise<PlannedStep>;
  /** Payments accepted and not final yet. */
  inFlight(): Promise<number>;
  stop(): Promise<void>;
};

/**
 * Runs every clean-up step even when one fails (a broker restarted under the bench must not leave its
 * databases behind), then throws the first failure.
 * @throws the first step's error, once all have run
 */
export const cleanUp = async (steps: ReadonlyArray<() => Promise<unknown>>): Promise<void> => {
  const failures: unknown[] = [];
  for (const step of steps) await step().catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw failures[0];
};

/**
 * Retries a clean-up step that failed because the server had no connection to spare (Postgres 53300, a
 * shared server full of other networks' pools): up to `attempts` times, a second apart.
 * @throws the step's error when it is something else, or still failing after the attempts
 */
export const whenConnectionFree = async <T>(step: () => Promise<T>, attempts = 20): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if ((error as { code?: string }).code !== '53300' || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
};
