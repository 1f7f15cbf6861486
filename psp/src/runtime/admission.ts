/**
 * Admission control (docs/architecture.md §4.9): an ingress that answers 202 without limit accepts more
 * than the network can finish. At most `inFlightMax` payments may be accepted and not yet final — and at
 * most `perUserMax` of one user's (a per-user quota: one customer, or one stolen token, cannot take the
 * whole ingress); beyond either POST /v1/payments answers 429 with Retry-After. In-process state: one PSP
 * process owns its ingress. A payment pending longer than `ageMsMax` stops counting, so a payment the
 * switch lost cannot block the ingress for good. On start, main.ts seeds the payments still PENDING in the
 * database.
 */
type AdmissionRefusal = 'total' | 'user';

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
  /** Frees the slot of `txnId` (idempotent). */
  release(txnId: string): void;
  /** Payments in flight: all of them, or one user's. */
  inFlight(nowMs: number, userId?: string): number;
  readonly inFlightMax: number;
  readonly perUserMax: number;
};

export const createAdmission = (limits: {
  inFlightMax: number;
  perUserMax: number;
  ageMsMax: number;
}): Admission => {
  const accepted = new Map<string, { atMs: number; userId: string }>(); // insertion order = acceptance order
  const perUser = new Map<string, number>();
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
  return {
    inFlightMax: limits.inFlightMax,
    perUserMax: limits.perUserMax,
    tryAcquire(txnId, userId, nowMs) {
      evictStale(nowMs);
      if (accepted.has(txnId)) return { admitted: true, fresh: false };
      if (accepted.size >= limits.inFlightMax) return { admitted: false, refusal: 'total' };
      const mine = perUser.get(userId) ?? 0;
      if (mine >= limits.perUserMax) return { admitted: false, refusal: 'user' };
      accepted.set(txnId, { atMs: nowMs, userId });
      perUser.set(userId, mine + 1);
      return { admitted: true, fresh: true };
    },
    release: forget,
    inFlight(nowMs, userId) {
      evictStale(nowMs);
      return userId === undefined ? accepted.size : (perUser.get(userId) ?? 0);
    },
  };
};
