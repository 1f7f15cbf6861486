/**
 * The adaptive admission limit (docs/architecture.md §4.9, issue 9): how many payments the PSP may hold
 * accepted and not yet final, steered by their end-to-end latency (accepted → final) like TCP's AIMD or
 * Netflix's concurrency limits. After each window of payments that became final:
 *   - the window's p99 over the target → multiplicative decrease by the overshoot (× target / p99, kept
 *     between ADMISSION_DECREASE_MIN and ADMISSION_DECREASE_MAX: a p99 of 4× the target halves the limit at
 *     once, so a limit far above the knee comes down in a few windows, not dozens): the network
 *     is past its knee, and what it cannot finish in time is better refused now (429 with Retry-After)
 *     than queued behind the rest;
 *   - at or under the target, and the limit was reached (in flight came within ADMISSION_REACHED_SHARE of
 *     it) → additive increase (+1): the limit, not the network, was what held payments back;
 *   - at or under the target with room to spare → unchanged: a limit nobody reaches says nothing, and
 *     growing it would only let a later burst in unchecked;
 * always clamped between the floor and the ceiling. A target of 0 turns adaptation off: the limit is the
 * ceiling, fixed. Pure: the window is gathered by runtime/admission.ts.
 */

/** The settings the limit moves within (SY_ADMISSION_LATENCY_TARGET_MS, SY_PAYMENTS_IN_FLIGHT_MIN/MAX). */
export type AdmissionLimitRules = {
  /** p99 end to end the limit steers to; 0: no adaptation, the limit is `inFlightMax`. */
  latencyTargetMs: number;
  /** The floor: never fewer in flight than this (at most `inFlightMax`). */
  inFlightMin: number;
  /** The ceiling, and the limit a PSP starts with. */
  inFlightMax: number;
};

/** What one window saw: the latencies of the payments that became final in it, and the most in flight. */
export type LatencyWindow = { latenciesMs: readonly number[]; inFlightPeak: number };

export type LimitDecision = {
  limit: number;
  /** The window's p99 (nearest rank); null when adaptation is off or the window is empty. */
  p99Ms: number | null;
  change: 'off' | 'hold' | 'decrease' | 'increase';
};

/** The decrease when a window's p99 is over the target: × target / p99, within these. */
const ADMISSION_DECREASE_MIN = 0.5;
const ADMISSION_DECREASE_MAX = 0.9;
/** In flight at or above this share of the limit counts as the limit reached. */
const ADMISSION_REACHED_SHARE = 0.9;
const LATENCY_QUANTILE = 0.99;

const floorOf = (rules: AdmissionLimitRules): number => Math.min(rules.inFlightMin, rules.inFlightMax);
const clamp = (limit: number, rules: AdmissionLimitRules): number =>
  Math.min(rules.inFlightMax, Math.max(floorOf(rules), limit));

/** The limit a PSP starts with: the ceiling (today's fixed limit) until latency says otherwise. */
export const initialAdmissionLimit = (rules: AdmissionLimitRules): number => rules.inFlightMax;

/** The window's latency at quantile `q` (nearest rank); null for an empty window. */
export const latencyQuantileMs = (latenciesMs: readonly number[], q: number): number | null => {
  if (latenciesMs.length === 0) return null;
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
};

/** The limit after `window`, from the current `limit` (see the module comment). */
export const nextAdmissionLimit = (
  limit: number,
  window: LatencyWindow,
  rules: AdmissionLimitRules,
): LimitDecision => {
  if (rules.latencyTargetMs <= 0) return { limit: rules.inFlightMax, p99Ms: null, change: 'off' };
  const current = clamp(limit, rules);
  const p99Ms = latencyQuantileMs(window.latenciesMs, LATENCY_QUANTILE);
  if (p99Ms === null) return { limit: current, p99Ms, change: 'hold' };
  if (p99Ms > rules.latencyTargetMs) {
    const factor = Math.min(
      ADMISSION_DECREASE_MAX,
      Math.max(ADMISSION_DECREASE_MIN, rules.latencyTargetMs / p99Ms),
    );
    const next = clamp(Math.floor(current * factor), rules);
    return { limit: next, p99Ms, change: next < current ? 'decrease' : 'hold' };
  }
  const reached = window.inFlightPeak >= Math.ceil(current * ADMISSION_REACHED_SHARE);
  if (!reached) return { limit: current, p99Ms, change: 'hold' };
  const next = clamp(current + 1, rules);
  return { limit: next, p99Ms, change: next > current ? 'increase' : 'hold' };
};
