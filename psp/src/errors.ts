/**
 * Errors of the PSP with stable codes (STYLE.md §3.6). The HTTP status of each code is decided in one
 * place, http/errorHandler.ts; clients see code + message for 4xx (and for the upstream 5xx: 504, 503).
 */
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
  | 'PSP_ERR_UPSTREAM_DECLINED' // the network answered with a UPI decline code
  | 'PSP_ERR_UPSTREAM_TIMEOUT' // the network did not answer in time
  | 'PSP_ERR_UPGRADE_REQUIRED' // a plain HTTP request to the WebSocket endpoint
  | 'PSP_ERR_UNAVAILABLE' // a dependency this endpoint needs is absent (the DLQ tools without a broker)
  | 'PSP_ERR_CONFIG' // configuration missing or invalid: fail fast at start
  | 'PSP_ERR_INTERNAL';

export type PspErrorOptions = {
  cause?: unknown;
  /** The UPI code behind an upstream decline (`ZH`, `ZM`, …). */
  upiCode?: string;
  /** Seconds for the Retry-After header of a 429/503. */
  retryAfterSeconds?: number;
};

export class PspError extends Error {
  readonly code: PspErrorCode;
  readonly upiCode: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  constructor(code: PspErrorCode, message: string, options: PspErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'PspError';
    this.code = code;
    this.upiCode = options.upiCode;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const isPspError = (error: unknown): error is PspError => {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('PSP_ERR_');
};
