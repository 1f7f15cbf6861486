/**
 * Structured logs (pino), correlated through AsyncLocalStorage: every line written while handling a
 * message or request carries its txn id and message id. PIN blocks, keys, ciphertext and credentials are
 * redacted wherever they appear.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type DestinationStream, type Logger } from 'pino';

export type Log = Logger;
export type LogContext = { correlationId?: string; messageId?: string; participant?: string };

export const logContext = new AsyncLocalStorage<LogContext>();

export const REDACT_PATHS = [
  'creds',
  '*.creds',
  '*.*.creds',
  'pin',
  '*.pin',
  'newPin',
  '*.newPin',
  'oldPin',
  '*.oldPin',
  'ciphertext',
  '*.ciphertext',
  'body',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers["x-operator-key"]',
  'secretKey',
  '*.secretKey',
  'signSeed',
  '*.signSeed',
  'boxSecretKey',
  '*.boxSecretKey',
];

/** A service's logger; `destination` (default stdout) lets tests read the lines. */
export const createLogger = (options: {
  name: string;
  level?: string;
  pretty?: boolean;
  destination?: DestinationStream;
}): Log =>
  pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      mixin: () => ({ ...logContext.getStore() }),
    },
    options.destination,
  );

/** Runs `fn` with `context` merged into every log line written inside it. */
export const withLogContext = <T>(context: LogContext, fn: () => T): T =>
  logContext.run({ ...logContext.getStore(), ...context }, fn);
