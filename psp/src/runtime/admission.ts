/**
 * Admission control (docs/architecture.md §4.9): an ingress that answers 202 without limit accepts more
 * than the network can finish. At most `limit()` payments may be accepted and not yet final — and at most
 * `perUserMax` of one user's (a per-user quota: one customer, or one stolen token, cannot take the whole
 * ingress); beyond either POST /v1/payments answers 429 with Retry-After. The total limit adapts to the
 * end-to-end latency of the payments that become final (domain/admissionLimit.ts): each window of them —
 * at least `windowMs` long and `windowSamplesMin` payments, at most WINDOW_SAMPLES_MAX — moves it between
 * `inFlightMin` and `inFlightMax`; with `latencyTargetMs` 0 it stays at `inFlightMax`. In-process state:
 * one PSP process owns its ingress. A payment pending longer than `ageMsMax` stops counting, so a payment
 * the switch lost cannot block the ingress for good. On start, main.ts restores the payments still PENDING
 * in the database.
 */
import {
  initialAdmissionLimit,
  nextAdmissionLimit,
  type AdmissionLimitRules,
  type LimitDecision,
} from '../domain/admissionLimit.ts';

type AdmissionRefusal = 'total' | 'user';

/** A window closes after this many payments however young it is: the samples kept are bounded. */
const WINDOW_SAMPLES_MAX = 1_000;

export type Admission = {
  /**
   * Reserves a slot for `txnId` of `userId`; `fresh` is false when it already held one (a concurrent retry).
   * A refusal names the quota that is full.
   */
  tryAcquire(
    txnId: string,
    userId: string,
    nowMs: number,
  ): { admitted: true; fresh: boolean } | { admitted: false; refusal: AdmissionRefusal };
  /**
   * Counts a payment accepted before this process started (main.ts, on start), while under `inFlightMax`;
   * its latency spans the restart, so it is no sample for the limit.
   */
  restore(txnId: string, userId: string, acceptedAtMs: number): void;
  /** Frees the slot of `txnId` (idempotent): a payment abandoned before it was sent. No sample. */
  release(txnId: string): void;
  /**
   * Frees the slot of a payment that became final (idempotent) and adds its latency (accepted → `nowMs`)
   * to the window the limit adapts to.
   */
  finish(txnId: string, nowMs: number): void;
  /** Payments in flight: all of them, or one user's. */
  inFlight(nowMs: number, userId?: string): number;
  /** The limit tryAcquire checks now (between the floor and `inFlightMax`). */
  limit(): number;
  readonly inFlightMax: number;
  readonly perUserMax: number;
};

export type AdmissionLimits = {
  inFlightMax: number;
  perUserMax: number;
  ageMsMax: number;
  /** Adaptation (absent: the limit is `inFlightMax`, fixed). */
  adaptive?: {
    latencyTargetMs: number;
    inFlightMin: number;
    windowMs: number;
    windowSamplesMin: number;
  };
  /** Told of every change of the limit (a log line). */
  onLimitChange?: (decision: LimitDecision & { previous: number; samples: number }) => void;
};

export const createAdmission = (limits: AdmissionLimits): Admission => {
  const rules: AdmissionLimitRules = {
    latencyTargetMs: limits.adaptive?.latencyTargetMs ?? 0,
    inFlightMin: limits.adaptive?.inFlightMin ?? limits.inFlightMax,
    inFlightMax: limits.inFlightMax,
  };
  const windowMs = limits.adaptive?.windowMs ?? 0;
  const windowSamplesMin = limits.adaptive?.windowSamplesMin ?? 1;
  let limit = initialAdmissionLimit(rules);
  // insertion order = acceptance order; `sampled`: its latency counts (false for a restored payment)
  const accepted = new Map<string, { atMs: number; userId: string; sampled: boolean }>();
  const perUser = new Map<string, number>();
  const window = { openedAtMs: undefined as number | undefined, latenciesMs: [] as number[], peak: 0 };

  const forget = (txnId: string): void => {
    const entry = accepted.get(txnId);
    if (entry === undefined) return;
    accepted.delete(txnId);
    const left = (perUser.get(entry.userId) ?? 1) - 1;
    if (left > 0) perUser.set(entry.userId, left);
    else perUser.delete(entry.userId);
  };
  const evictStale = (nowMs: number): void => {
    for (const [txnId, entry] of accepted) {
      if (nowMs - entry.atMs <= limits.ageMsMax) break;
      forget(txnId);
    }
  };
  const add = (txnId: string, userId: string, atMs: number, sampled: boolean): void => {
    accepted.set(txnId, { atMs, userId, sampled });
    perUser.set(userId, (perUser.get(userId) ?? 0) + 1);
    window.peak = Math.max(window.peak, accepted.size);
  };
  const sample = (latencyMs: number, nowMs: number): void => {
    if (rules.latencyTargetMs <= 0) return;
    window.openedAtMs ??= nowMs;
    window.latenciesMs.push(latencyMs);
    const samples = window.latenciesMs.length;
    const due = nowMs - window.openedAtMs >= windowMs && samples >= windowSamplesMin;
    if (!due && samples < WINDOW_SAMPLES_MAX) return;
    const decision = nextAdmissionLimit(
      limit,
      { latenciesMs: window.latenciesMs, inFlightPeak: window.peak },
      rules,
    );
    if (decision.limit !== limit) limits.onLimitChange?.({ ...decision, previous: limit, samples });
    limit = decision.limit;
    window.openedAtMs = nowMs;
    window.latenciesMs = [];
    window.peak = accepted.size;
  };

  return {
    inFlightMax: limits.inFlightMax,
    perUserMax: limits.perUserMax,
    tryAcquire(txnId, userId, nowMs) {
      evictStale(nowMs);
      if (accepted.has(txnId)) return { admitted: true, fresh: false };
      if (accepted.size >= limit) {
        window.peak = Math.max(window.peak, limit);
        return { admitted: false, refusal: 'total' };
      }
      if ((perUser.get(userId) ?? 0) >= limits.perUserMax) return { admitted: false, refusal: 'user' };
      add(txnId, userId, nowMs, true);
      return { admitted: true, fresh: true };
    },
    restore(txnId, userId, acceptedAtMs) {
      if (accepted.has(txnId) || accepted.size >= limits.inFlightMax) return;
      add(txnId, userId, acceptedAtMs, false);
    },
    release: forget,
    finish(txnId, nowMs) {
      const entry = accepted.get(txnId);
      if (entry === undefined) return;
      forget(txnId);
      if (entry.sampled) sample(Math.max(0, nowMs - entry.atMs), nowMs);
    },
    inFlight(nowMs, userId) {
      evictStale(nowMs);
      return userId === undefined ? accepted.size : (perUser.get(userId) ?? 0);
    },
    limit: () => limit,
  };
};
