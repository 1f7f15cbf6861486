/**
 * Admission control (docs/architecture.md §4.9): an ingress that answers 202 without limit accepts more
 * than the network can finish. At most `inFlightMax` payments may be accepted and not yet final; beyond
 * that POST /v1/payments answers 429 with Retry-After. In-process state: one PSP process owns its ingress.
 * A payment pending longer than `ageMsMax` stops counting, so a payment the switch lost cannot block the
 * ingress for good. On start, main.ts seeds the payments still PENDING in the database.
 */
export type Admission = {
  /** Reserves a slot for `txnId`; `fresh` is false when it already held one (a concurrent retry). */
  tryAcquire(txnId: string, nowMs: number): { admitted: boolean; fresh: boolean };
  /** Frees the slot of `txnId` (idempotent). */
  release(txnId: string): void;
  inFlight(nowMs: number): number;
  readonly inFlightMax: number;
};

export const createAdmission = (limits: { inFlightMax: number; ageMsMax: number }): Admission => {
  const acceptedAt = new Map<string, number>(); // insertion order = acceptance order
  const evictStale = (nowMs: number): void => {
    for (const [txnId, at] of acceptedAt) {
      if (nowMs - at <= limits.ageMsMax) break;
      acceptedAt.delete(txnId);
    }
  };
  return {
    inFlightMax: limits.inFlightMax,
    tryAcquire(txnId, nowMs) {
      evictStale(nowMs);
      if (acceptedAt.has(txnId)) return { admitted: true, fresh: false };
      if (acceptedAt.size >= limits.inFlightMax) return { admitted: false, fresh: false };
      acceptedAt.set(txnId, nowMs);
      return { admitted: true, fresh: true };
    },
    release(txnId) {
      acceptedAt.delete(txnId);
    },
    inFlight(nowMs) {
      evictStale(nowMs);
      return acceptedAt.size;
    },
  };
};
