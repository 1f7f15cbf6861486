/**
 * A sliding-window rate limiter: at most `limit` events per key within any `windowMs`. In-process state,
 * like admission control: one PSP process owns its ingress. Memory is bounded by the keys seen within one
 * window (at most `limit` timestamps each); keys whose window has passed are forgotten as time goes on.
 */
export type RateLimiter = {
  /** Milliseconds until `key` may have another event; 0 when it may now. */
  waitMs(key: string, nowMs: number): number;
  /** Counts an event of `key` (call only after waitMs said 0). */
  record(key: string, nowMs: number): void;
};

export const createRateLimiter = (o: { limit: number; windowMs: number }): RateLimiter => {
  const events = new Map<string, number[]>(); // per key, oldest first, only those within the window
  let lastSweepMs = 0;
  const recent = (key: string, nowMs: number): number[] => {
    const times = events.get(key) ?? [];
    while (times.length > 0 && nowMs - times[0] >= o.windowMs) times.shift();
    if (times.length === 0) events.delete(key);
    return times;
  };
  const sweep = (nowMs: number): void => {
    if (nowMs - lastSweepMs < o.windowMs) return;
    lastSweepMs = nowMs;
    for (const key of [...events.keys()]) recent(key, nowMs);
  };
  return {
    waitMs(key, nowMs) {
      sweep(nowMs);
      const times = recent(key, nowMs);
      return times.length < o.limit ? 0 : times[0] + o.windowMs - nowMs;
    },
    record(key, nowMs) {
      const times = recent(key, nowMs);
      times.push(nowMs);
      events.set(key, times);
    },
  };
};
