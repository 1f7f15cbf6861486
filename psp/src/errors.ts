/**
 * Errors of the PSP with stable codes and their HTTP statuses (docs/architecture.md §4.7), in one table;
 * clients see code + message for 4xx (and for the operational 5xx: 503, 504).
 */
import { ServiceError, type ErrorTable } from '@switchyard/infra';

export type PspErrorCode =
  | 'PSP_ERR_BAD_REQUEST' // malformed JSON, empty body, bad framing
  | 'PSP_ERR_VALIDATION' // the request does not match its schema
  | 'PSP_ERR_BODY_TOO_LARGE'
  | 'PSP_ERR_UNSUPPORTED_MEDIA_TYPE'
  | 'PSP_ERR_UNAUTHENTICATED' // no, malformed or unknown credential
  | 'PSP_ERR_DEVICE_MISMATCH' // valid credential used from another device
  | 'PSP_ERR_FORBIDDEN' // operator endpoint without the operator key
  | 'PSP_ERR_NOT_FOUND'
  | 'PSP_ERR_AMOUNT_INVALID' // not a positive rupee amount with at most 2 decimals
  | 'PSP_ERR_VPA_INVALID'
  | 'PSP_ERR_VPA_TAKEN'
  | 'PSP_ERR_ACCOUNT_NOT_LINKED' // the account was not discovered for this user
  | 'PSP_ERR_PAYER_VPA_UNKNOWN' // not one of the caller's VPAs
  | 'PSP_ERR_SAME_VPA'
  | 'PSP_ERR_TXN_PREFIX' // the txn id does not carry this PSP's prefix
  | 'PSP_ERR_TXN_ID_USED'
  | 'PSP_ERR_BANK_UNKNOWN' // no bank owns this IFSC
  | 'PSP_ERR_IDEMPOTENCY_KEY_REUSED' // same key, different request
  | 'PSP_ERR_TOO_MANY_IN_FLIGHT' // admission control
  | 'PSP_ERR_TOO_MANY_CONNECTIONS' // WebSocket connections per user
  | 'PSP_ERR_TOO_MANY_REGISTRATIONS' // registration rate limit (per mobile, overall)
  | 'PSP_ERR_OTP_INCORRECT' // a wrong one-time code (attempts left in the message)
  | 'PSP_ERR_OTP_EXPIRED' // the one-time code expired: start again
  | 'PSP_ERR_REGISTRATION_LOCKED' // too many wrong codes: the registration is dead
  | 'PSP_ERR_UPSTREAM_DECLINED' // the network answered with a UPI decline code
  | 'PSP_ERR_UPSTREAM_TIMEOUT' // the network did not answer in time
  | 'PSP_ERR_UPGRADE_REQUIRED' // a plain HTTP request to the WebSocket endpoint
  | 'PSP_ERR_UNAVAILABLE' // a dependency this endpoint needs is absent (the database, the DLQ tools without a broker)
  | 'PSP_ERR_CONFIG' // configuration missing or invalid: fail fast at start
  | 'PSP_ERR_INTERNAL';

export type PspErrorOptions = {
  cause?: unknown;
  /** The UPI code behind an upstream decline (`ZH`, `ZM`, …): answered as the body's `upiCode`. */
  upiCode?: string;
  /** Seconds for the Retry-After header of a 429/503. */
  retryAfterSeconds?: number;
};

export class PspError extends ServiceError<PspErrorCode> {
  constructor(code: PspErrorCode, message: string, options: PspErrorOptions = {}) {
    super(code, message, {
      cause: options.cause,
      retryAfterSeconds: options.retryAfterSeconds,
      details: options.upiCode === undefined ? undefined : { upiCode: options.upiCode },
      headers: code === 'PSP_ERR_UPGRADE_REQUIRED' ? { upgrade: 'websocket' } : undefined,
    });
  }
}

const statusOf: Record<PspErrorCode, number> = {
  PSP_ERR_BAD_REQUEST: 400,
  PSP_ERR_VALIDATION: 400,
  PSP_ERR_AMOUNT_INVALID: 400,
  PSP_ERR_VPA_INVALID: 400,
  PSP_ERR_UNAUTHENTICATED: 401,
  PSP_ERR_DEVICE_MISMATCH: 401,
  PSP_ERR_FORBIDDEN: 403,
  PSP_ERR_NOT_FOUND: 404,
  PSP_ERR_BANK_UNKNOWN: 404,
  PSP_ERR_VPA_TAKEN: 409,
  PSP_ERR_TXN_ID_USED: 409,
  PSP_ERR_BODY_TOO_LARGE: 413,
  PSP_ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  PSP_ERR_UPGRADE_REQUIRED: 426,
  PSP_ERR_ACCOUNT_NOT_LINKED: 422,
  PSP_ERR_PAYER_VPA_UNKNOWN: 422,
  PSP_ERR_SAME_VPA: 422,
  PSP_ERR_TXN_PREFIX: 422,
  PSP_ERR_IDEMPOTENCY_KEY_REUSED: 422,
  PSP_ERR_UPSTREAM_DECLINED: 422,
  PSP_ERR_OTP_INCORRECT: 422,
  PSP_ERR_OTP_EXPIRED: 422,
  PSP_ERR_REGISTRATION_LOCKED: 423,
  PSP_ERR_TOO_MANY_REGISTRATIONS: 429,
  PSP_ERR_TOO_MANY_IN_FLIGHT: 429,
  PSP_ERR_TOO_MANY_CONNECTIONS: 429,
  PSP_ERR_CONFIG: 500,
  PSP_ERR_INTERNAL: 500,
  PSP_ERR_UNAVAILABLE: 503,
  PSP_ERR_UPSTREAM_TIMEOUT: 504,
};

/** The PSP's codes as HTTP answers (infra/src/http/errorReplies.ts). */
export const pspErrors: ErrorTable = {
  statusOf,
  codes: {
    badRequest: 'PSP_ERR_BAD_REQUEST',
    validation: 'PSP_ERR_VALIDATION',
    notFound: 'PSP_ERR_NOT_FOUND',
    internal: 'PSP_ERR_INTERNAL',
    unavailable: 'PSP_ERR_UNAVAILABLE',
    bodyTooLarge: 'PSP_ERR_BODY_TOO_LARGE',
    unsupportedMediaType: 'PSP_ERR_UNSUPPORTED_MEDIA_TYPE',
  } satisfies Record<keyof ErrorTable['codes'], PspErrorCode>,
};
