/**
 * The base of every service's error class (docs/architecture.md §4.7): a stable string `code`, and what the
 * HTTP chassis needs to answer with it — an optional Retry-After and extra body fields (e.g. the UPI code
 * behind a decline). Each service declares its codes and their HTTP statuses in its own errors.ts.
 */
export type ServiceErrorOptions = {
  cause?: unknown;
  /** Seconds for the Retry-After header of a 429/503. */
  retryAfterSeconds?: number;
  /** Extra fields of the error body, e.g. `{ upiCode: 'ZM' }`. */
  details?: Readonly<Record<string, string>>;
  /** Extra response headers, e.g. `{ upgrade: 'websocket' }` with a 426. */
  headers?: Readonly<Record<string, string>>;
};

export class ServiceError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly retryAfterSeconds: number | undefined;
  readonly details: Readonly<Record<string, string>> | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;
  constructor(code: Code, message: string, options: ServiceErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details;
    this.headers = options.headers;
  }
}

export const isServiceError = (error: unknown): error is ServiceError => error instanceof ServiceError;
