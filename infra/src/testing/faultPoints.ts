/**
 * Named fault points (docs/guarantees.md §13): the relay and the consumer runner call these hooks at every
 * step boundary of the outbox/inbox protocol. In production no hooks are set and each call is a no-op; tests
 * set a hook that throws SimulatedCrash, and the component then dies abruptly, without any cleanup a real
 * crash could not do either: the relay drops its database session (Postgres rolls the claim back) and its
 * channel, the consumer closes its channel without acking (the broker requeues the delivery).
 */
export type FaultPointName =
  | 'afterCommitBeforePublish'
  | 'afterPublishBeforeConfirm'
  | 'afterConfirmBeforeDelete'
  | 'afterDeleteBeforeCommit'
  | 'consumerBeforeCommit'
  | 'consumerAfterCommitBeforeAck';

/** What the component was doing: the message ids of the relay batch, or the one delivery. */
export type FaultContext = { messageIds: string[] };

export type FaultHook = (context: FaultContext) => void | Promise<void>;
export type FaultPoints = { [P in FaultPointName]?: FaultHook };

export class SimulatedCrash extends Error {
  readonly code = 'TEST_ERR_SIMULATED_CRASH';
  readonly point: FaultPointName;
  constructor(point: FaultPointName) {
    super(`simulated crash at ${point}`);
    this.name = 'SimulatedCrash';
    this.point = point;
  }
}

export const isSimulatedCrash = (error: unknown): error is SimulatedCrash =>
  (error as { code?: unknown } | null)?.code === 'TEST_ERR_SIMULATED_CRASH';

/** Calls the hook for `point`, if any. Components call this; it is a no-op without hooks. */
export const hitFaultPoint = async (
  faults: FaultPoints | undefined,
  point: FaultPointName,
  context: FaultContext,
): Promise<void> => {
  const hook = faults?.[point];
  if (hook) await hook(context);
};

/**
 * Fault points that crash at `point` the first `times` times it is reached (optionally only when `when`
 * matches), then let everything through. `hits()` counts the crashes.
 */
export const crashAt = (
  point: FaultPointName,
  options: { times?: number; when?: (context: FaultContext) => boolean } = {},
): FaultPoints & { hits(): number } => {
  let hits = 0;
  const times = options.times ?? 1;
  return {
    [point]: (context: FaultContext) => {
      if (hits >= times || (options.when && !options.when(context))) return;
      hits += 1;
      throw new SimulatedCrash(point);
    },
    hits: () => hits,
  };
};
