/**
 * One circuit breaker per bank (opossum), fed by the outcomes of that bank's legs: a timeout or a
 * technical decline (TD) is a failure, any other answer a success. While a bank's breaker is open, the
 * handlers pass it to decide() as "unavailable" and payments to or from it are declined at once (U90
 * remitter, U91 beneficiary); after `resetMs` it half-opens, the next leg outcome of that bank is the
 * probe: a success closes it, a failure opens it again.
 *
 * Why opossum is fed rather than wrapped around a call: a leg is an asynchronous message whose answer (or
 * timeout) arrives in another handler invocation, maybe in another process life, so there is no promise to
 * wrap. Each outcome is fired through the breaker as an already-settled action (`fire(ok)` resolves or
 * rejects at once): opossum's rolling window counts it, and its own rules open, half-open and close. The
 * state is I/O state of this process (reset on restart, like any breaker); the domain only sees the list.
 */
import CircuitBreaker from 'opossum';
import type { Log } from '@switchyard/infra';
import { switchMetrics } from './metrics.ts';

export type BreakerSettings = {
  /** Failure share in the rolling window (percent) above which the breaker opens. */
  errorPercentMax: number;
  /** Outcomes in the window before the breaker may open at all. */
  volumeMin: number;
  windowMs: number;
  /** How long an open breaker declines before it half-opens. */
  resetMs: number;
};

type BreakerStatus = 'CLOSED' | 'OPEN' | 'HALF_OPEN';
type BreakerTransition = { to: BreakerStatus; at: string };
type BreakerView = {
  bank: string;
  status: BreakerStatus;
  since: string;
  window: { outcomes: number; failures: number; successes: number; rejects: number };
  transitions: BreakerTransition[];
};

export type BankBreakers = {
  /** Banks whose breaker is open now (half-open ones take traffic: their next outcome is the probe). */
  unavailable(): string[];
  /** Feeds one leg outcome of `bank`: false for a timeout or a technical decline. */
  record(bank: string, ok: boolean): void;
  views(): BreakerView[];
  shutdown(): void;
};

const STATUS_VALUE: Record<BreakerStatus, number> = { CLOSED: 0, HALF_OPEN: 1, OPEN: 2 };
const TRANSITIONS_KEPT = 20;

const settled = async (ok: boolean): Promise<void> => {
  if (!ok) throw new Error('timeout or technical decline');
};

export const createBankBreakers = (
  banks: readonly string[],
  settings: BreakerSettings,
  log: Log,
): BankBreakers => {
  const entries = new Map(
    banks.map((bank) => {
      const breaker = new CircuitBreaker(settled, {
        timeout: false,
        errorThresholdPercentage: settings.errorPercentMax,
        volumeThreshold: settings.volumeMin,
        rollingCountTimeout: settings.windowMs,
        rollingCountBuckets: 10,
        resetTimeout: settings.resetMs,
        name: bank,
      });
      const entry = { breaker, since: new Date(), transitions: [] as BreakerTransition[] };
      const enter = (to: BreakerStatus) => () => {
        entry.since = new Date();
        entry.transitions = [...entry.transitions, { to, at: entry.since.toISOString() }].slice(
          -TRANSITIONS_KEPT,
        );
        switchMetrics.breakerState.set({ bank }, STATUS_VALUE[to]);
        switchMetrics.breakerTransitionsTotal.inc({ bank, to });
        log.warn({ bank, to }, 'circuit breaker transition');
      };
      breaker.on('open', enter('OPEN'));
      breaker.on('halfOpen', enter('HALF_OPEN'));
      breaker.on('close', enter('CLOSED'));
      switchMetrics.breakerState.set({ bank }, 0);
      return [bank, entry] as const;
    }),
  );
  const statusOf = (breaker: CircuitBreaker): BreakerStatus =>
    breaker.opened ? 'OPEN' : breaker.halfOpen ? 'HALF_OPEN' : 'CLOSED';
  return {
    unavailable: () => [...entries].filter(([, entry]) => entry.breaker.opened).map(([bank]) => bank),
    record(bank, ok) {
      const entry = entries.get(bank);
      if (entry === undefined) return;
      switchMetrics.breakerOutcomesTotal.inc({ bank, outcome: ok ? 'ok' : 'failure' });
      // Settled at once; a rejection is the failure being counted (or the open breaker refusing it).
      entry.breaker.fire(ok).catch(() => undefined);
    },
    views: () =>
      [...entries].map(([bank, entry]) => {
        const stats = entry.breaker.stats;
        return {
          bank,
          status: statusOf(entry.breaker),
          since: entry.since.toISOString(),
          window: {
            outcomes: stats.fires,
            failures: stats.failures,
            successes: stats.successes,
            rejects: stats.rejects,
          },
          transitions: entry.transitions,
        };
      }),
    shutdown() {
      for (const entry of entries.values()) entry.breaker.shutdown();
    },
  };
};
