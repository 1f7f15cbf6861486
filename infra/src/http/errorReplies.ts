/**
 * The one place an error becomes an HTTP answer, for every service: `{ code, message, requestId, …details }`.
 * A service's own errors get the status its table gives; fastify's client errors (bad JSON, too large,
 * wrong media type, schema validation) are the client's fault and never a 5xx; anything else is a 500
 * that says only "internal error" — the cause is logged with the request id.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../postgres/databaseUnavailable.ts';
import { isServiceError } from '../runtime/serviceError.ts';

/** A service's error codes and what fastify's own failures map to. */
export type ErrorTable = {
  /** HTTP status of each of the service's codes; a code not listed answers 500. */
  statusOf: Readonly<Record<string, number>>;
  codes: {
    badRequest: string;
    validation: string;
    notFound: string;
    internal: string;
    /** The database cannot be reached (down, restarting): 503 with Retry-After, not a 500. */
    unavailable: string;
    bodyTooLarge: string;
    unsupportedMediaType: string;
  };
};

type Mapped = {
  statusCode: number;
  code: string;
  message: string;
  retryAfterSeconds?: number;
  details?: Readonly<Record<string, string>>;
  headers?: Readonly<Record<string, string>>;
};

const frameworkCode = (table: ErrorTable, code: string | undefined): string | undefined => {
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return table.codes.bodyTooLarge;
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return table.codes.unsupportedMediaType;
  return undefined;
};

const statusOfFramework = (table: ErrorTable, code: string): number =>
  code === table.codes.bodyTooLarge ? 413 : code === table.codes.unsupportedMediaType ? 415 : 400;

const mapError = (table: ErrorTable, error: FastifyError): Mapped => {
  if (isServiceError(error) && table.statusOf[error.code] !== undefined) {
    const statusCode = table.statusOf[error.code];
    if (statusCode >= 500 && statusCode !== 503 && statusCode !== 504) {
      return { statusCode, code: table.codes.internal, message: 'internal error' };
    }
    return {
      statusCode,
      code: error.code,
      message: error.message,
      retryAfterSeconds: error.retryAfterSeconds,
      details: error.details,
      headers: error.headers,
    };
  }
  if (error.validation) return { statusCode: 400, code: table.codes.validation, message: error.message };
  const known = frameworkCode(table, error.code);
  if (known !== undefined)
    return { statusCode: statusOfFramework(table, known), code: known, message: error.message };
  // Any other client error fastify raises before a handler runs (bad JSON, proto poisoning, bad URL…).
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return { statusCode: 400, code: table.codes.badRequest, message: error.message };
  }
  if (isDatabaseUnavailable(error))
    return {
      statusCode: 503,
      code: table.codes.unavailable,
      message: 'the service cannot reach its database: retry shortly',
      retryAfterSeconds: 1,
    };
  return { statusCode: 500, code: table.codes.internal, message: 'internal error' };
};

export const errorReplier =
  (table: ErrorTable) =>
  (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const mapped = mapError(table, error);
    if (mapped.code === table.codes.internal) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: mapped.code, statusCode: mapped.statusCode }, mapped.message);
    if (mapped.retryAfterSeconds !== undefined)
      void reply.header('retry-after', String(mapped.retryAfterSeconds));
    return reply
      .code(mapped.statusCode)
      .send({ code: mapped.code, message: mapped.message, requestId: request.id, ...mapped.details });
  };

export const notFoundReplier =
  (table: ErrorTable) =>
  (request: FastifyRequest, reply: FastifyReply): FastifyReply =>
    reply.code(404).send({
      code: table.codes.notFound,
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
      requestId: request.id,
    });
