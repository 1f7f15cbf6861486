/** Errors of the messaging layer, with stable codes (STYLE.md §3.6). */
export type OutboxErrorCode = 'OUTBOX_ERR_PERMANENT' | 'OUTBOX_ERR_CONFIRM_TIMEOUT' | 'OUTBOX_ERR_CHANNEL_CLOSED';

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
