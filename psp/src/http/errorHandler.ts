/**
 * The PSP's one error handler (STYLE.md §3.6): every error leaves as `{ code, message, requestId }` with a
 * stable code. 4xx (and the operational 503/504) carry their message; any other 5xx says only
 * "internal error" — with the request id to find the logged cause. Bad input never reaches a 5xx: the
 * framework's own client errors (malformed JSON, oversized body, wrong media type) are mapped here too.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isPspError, type PspErrorCode } from '../errors.ts';

export const statusOf: Record<PspErrorCode, number> = {
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
  PSP_ERR_TOO_MANY_IN_FLIGHT: 429,
  PSP_ERR_TOO_MANY_CONNECTIONS: 429,
  PSP_ERR_CONFIG: 500,
  PSP_ERR_INTERNAL: 500,
  PSP_ERR_UNAVAILABLE: 503,
  PSP_ERR_UPSTREAM_TIMEOUT: 504,
};

export type ErrorBody = { code: PspErrorCode; message: string; requestId: string; upiCode?: string };

type Mapped = {
  statusCode: number;
  code: PspErrorCode;
  message: string;
  upiCode?: string;
  retryAfterSeconds?: number;
};

/** Fastify's own errors for requests it could not even parse: always the client's fault. */
const frameworkCodes: Record<string, PspErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PSP_ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'PSP_ERR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'PSP_ERR_BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'PSP_ERR_BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'PSP_ERR_BAD_REQUEST',
};

const mapError = (error: FastifyError): Mapped => {
  if (isPspError(error)) {
    return {
      statusCode: statusOf[error.code],
      code: error.code,
      message: error.message,
      upiCode: error.upiCode,
      retryAfterSeconds: error.retryAfterSeconds,
    };
  }
  if (error.validation) return { statusCode: 400, code: 'PSP_ERR_VALIDATION', message: error.message };
  const known = error.code ? frameworkCodes[error.code] : undefined;
  if (known) return { statusCode: statusOf[known], code: known, message: error.message };
  // Any other client error fastify raises before our code runs (bad JSON, proto poisoning, bad URL…).
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return { statusCode: 400, code: 'PSP_ERR_BAD_REQUEST', message: error.message };
  }
  return { statusCode: 500, code: 'PSP_ERR_INTERNAL', message: 'internal error' };
};

export const errorHandler = (
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply => {
  const mapped = mapError(error);
  if (mapped.code === 'PSP_ERR_INTERNAL') {
    request.log.error({ err: error }, 'request failed');
  } else {
    request.log.info({ code: mapped.code, statusCode: mapped.statusCode }, mapped.message);
  }
  if (mapped.retryAfterSeconds !== undefined)
    void reply.header('retry-after', String(mapped.retryAfterSeconds));
  if (mapped.code === 'PSP_ERR_UPGRADE_REQUIRED') void reply.header('upgrade', 'websocket');
  const body: ErrorBody = { code: mapped.code, message: mapped.message, requestId: request.id };
  if (mapped.upiCode !== undefined) body.upiCode = mapped.upiCode;
  return reply.code(mapped.statusCode).send(body);
};

export const notFoundHandler = (request: FastifyRequest, reply: FastifyReply): FastifyReply =>
  reply.code(404).send({
    code: 'PSP_ERR_NOT_FOUND',
    message: `no route ${request.method} ${request.url.split('?')[0]}`,
    requestId: request.id,
  } satisfies ErrorBody);
