/**
 * What to do with a delivery that did not commit (docs/guarantees.md §5): classify the error and copy
 * the message to the DLQ or to a retry queue. Pure decisions, no I/O.
 */
import { isPermanentError } from './errors.ts';

export type FailureDecision =
  | { kind: 'dead_letter'; reason: string; detail: string }
  | { kind: 'retry'; attempt: number; delayMs: number; detail: string };

const CONNECTION_ERROR_NAMES = new Set([
  'ConnectionError',
  'BackendTerminatedError',
  'BackendTerminatedUnexpectedlyError',
]);
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
]);

/** True when the database could not be reached: not the message's fault, so it costs no retry attempt. */
export const isDatabaseUnavailable = (error: unknown): boolean => {
  for (
    let current = error, depth = 0;
    current && depth < 5;
    current = (current as { cause?: unknown }).cause, depth += 1
  ) {
    const { name, code, message } = current as { name?: string; code?: string; message?: string };
    if (name && CONNECTION_ERROR_NAMES.has(name)) return true;
    if (code && (CONNECTION_ERROR_CODES.has(code) || code.startsWith('08'))) return true;
    if (
      message &&
      /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message)
    )
      return true;
  }
  return false;
};

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
