/**
 * The one error handler (STYLE.md §3.6): errors leave as `{ code, message, requestId }`. 4xx carry their
 * message; a 5xx says only "internal error" with the request id to find the logged cause.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isSwitchError, type SwitchErrorCode } from '../errors.ts';

const statusOf: Partial<Record<SwitchErrorCode, number>> = {
  SWITCH_ERR_BAD_REQUEST: 400,
  SWITCH_ERR_UNAUTHORISED: 401,
  SWITCH_ERR_NOT_FOUND: 404,
};

type Mapped = { statusCode: number; code: SwitchErrorCode; message: string };

const mapError = (error: FastifyError): Mapped => {
  if (isSwitchError(error) && statusOf[error.code] !== undefined) {
    return { statusCode: statusOf[error.code]!, code: error.code, message: error.message };
  }
  if (error.validation) return { statusCode: 400, code: 'SWITCH_ERR_BAD_REQUEST', message: error.message };
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return { statusCode: error.statusCode, code: 'SWITCH_ERR_BAD_REQUEST', message: error.message };
  }
  return { statusCode: 500, code: 'SWITCH_ERR_INTERNAL', message: 'internal error' };
};

export const errorHandler = (
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply => {
  const mapped = mapError(error);
  if (mapped.statusCode >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: mapped.code, statusCode: mapped.statusCode }, mapped.message);
  return reply
    .code(mapped.statusCode)
    .send({ code: mapped.code, message: mapped.message, requestId: request.id });
};

export const notFoundHandler = (request: FastifyRequest, reply: FastifyReply): FastifyReply =>
  reply.code(404).send({
    code: 'SWITCH_ERR_NOT_FOUND',
    message: `no route ${request.method} ${request.url}`,
    requestId: request.id,
  });
