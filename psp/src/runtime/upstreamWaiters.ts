/**
 * Synchronous HTTP over asynchronous messages: a route registers a waiter under the request's txn id
 * BEFORE enqueuing the request, then awaits it with a timeout; the response's handler resolves it from
 * `context.afterCommit` (never inside the transaction, which slonik may re-run). A response that arrives
 * after the timeout resolves nothing: its effects are already in the database.
 */
type Waiter<T> = {
  /** The response, or undefined once `timeoutMs` elapsed first. Call once. */
  wait(timeoutMs: number): Promise<T | undefined>;
  /** Forgets the waiter (the request was never sent). */
  cancel(): void;
};

export type UpstreamWaiters = {
  /** A waiter for `key`, or undefined when `waitsMax` waiters are already pending. */
  register<T>(key: string): Waiter<T> | undefined;
  /** Hands `value` to the waiter of `key`; false when nobody waits (timed out, other process). */
  resolve(key: string, value: unknown): boolean;
  size(): number;
};

export const createUpstreamWaiters = (limits: { waitsMax: number }): UpstreamWaiters => {
  const pending = new Map<string, (value: unknown) => void>();
  return {
    register<T>(key: string): Waiter<T> | undefined {
      if (pending.size >= limits.waitsMax || pending.has(key)) return undefined;
      let settle!: (value: T | undefined) => void;
      const answered = new Promise<T | undefined>((resolve) => {
        settle = resolve;
      });
      pending.set(key, (value) => settle(value as T));
      return {
        async wait(timeoutMs) {
          let timer: NodeJS.Timeout | undefined;
          const timedOut = new Promise<undefined>((resolve) => {
            timer = setTimeout(resolve, timeoutMs, undefined);
          });
          try {
            return await Promise.race([answered, timedOut]);
          } finally {
            clearTimeout(timer);
            pending.delete(key);
          }
        },
        cancel() {
          pending.delete(key);
        },
      };
    },
    resolve(key, value) {
      const settle = pending.get(key);
      if (!settle) return false;
      pending.delete(key);
      settle(value);
      return true;
    },
    size: () => pending.size,
  };
};
