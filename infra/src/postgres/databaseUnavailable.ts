/**
 * Whether an error means the database could not be reached (refused, reset, shut down, restarting), as
 * opposed to a statement it refused. The consumer runner retries such a delivery without counting an
 * attempt (it is not the message's fault); the HTTP chassis answers 503 with Retry-After instead of 500.
 */
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
