/**
 * What to do with a delivery that did not commit (docs/guarantees.md §5): classify the error and copy
 * the message to the DLQ or to a retry queue. Pure decisions, no I/O.
 */
import { isDatabaseUnavailable } from '@switchyard/infra';
import { isPermanentError } from './errors.ts';

export type FailureDecision =
  | { kind: 'dead_letter'; reason: string; detail: string }
  | { kind: 'retry'; attempt: number; delayMs: number; detail: string };

export const describeError = (error: unknown): string => {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 500);
};

/**
 * @param attempt retries already made for this message (the x-retry-attempt header, 0 on first delivery)
 */
export const decideFailure = (
  error: unknown,
  attempt: number,
  retryDelaysMs: readonly number[],
  retryAttemptsMax: number,
): FailureDecision => {
  const detail = describeError(error);
  if (isPermanentError(error)) return { kind: 'dead_letter', reason: error.reason, detail };
  if (isDatabaseUnavailable(error)) return { kind: 'retry', attempt, delayMs: retryDelaysMs[0], detail };
  if (attempt >= retryAttemptsMax) return { kind: 'dead_letter', reason: 'retries_exhausted', detail };
  return {
    kind: 'retry',
    attempt: attempt + 1,
    delayMs: retryDelaysMs[Math.min(attempt, retryDelaysMs.length - 1)],
    detail,
  };
};
