/** The one place errors become HTTP statuses (STYLE.md §3.6): 4xx carry code and message, 5xx only a request id. */
import type { FastifyInstance } from 'fastify';
import { BankError, httpStatusOf } from '../errors.ts';

export const registerErrorHandler = (app: FastifyInstance): void => {
  app.setErrorHandler((error: unknown, request, replyTo) => {
    const status =
      error instanceof BankError
        ? httpStatusOf(error.code)
        : ((error as { statusCode?: number }).statusCode ?? 500);
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return replyTo
        .status(status)
        .send({ code: 'BANK_ERR_INTERNAL', message: 'internal error', requestId: request.id });
    }
    const code =
      error instanceof BankError ? error.code : ((error as { code?: string }).code ?? 'BANK_ERR_BAD_REQUEST');
    return replyTo.status(status).send({ code, message: (error as Error).message });
  });
};
