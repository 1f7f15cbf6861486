/** Errors of the messaging layer, with stable codes (docs/architecture.md §4.7). */
export type OutboxErrorCode =
  | 'OUTBOX_ERR_PERMANENT' // a handler refused a message for good: dead-lettered at once
  | 'OUTBOX_ERR_CONFIRM_TIMEOUT' // the broker did not confirm in time
  | 'OUTBOX_ERR_CHANNEL_CLOSED'; // the channel closed under a publish

export class OutboxError extends Error {
  readonly code: OutboxErrorCode;
  constructor(code: OutboxErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Thrown by a handler for a message that can never succeed: it is dead-lettered at once with this reason. */
export class PermanentError extends OutboxError {
  readonly reason: string;
  constructor(reason: string, message: string, options?: { cause?: unknown }) {
    super('OUTBOX_ERR_PERMANENT', message, options);
    this.reason = reason;
  }
}

/** Test the code, not the class (docs/architecture.md §4.7). */
export const isPermanentError = (error: unknown): error is PermanentError =>
  (error as { code?: unknown } | null)?.code === 'OUTBOX_ERR_PERMANENT';
