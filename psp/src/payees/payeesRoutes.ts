import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { userOf } from '../http/auth.ts';
import { ErrorResponse } from '../http/schemas.ts';
import { ValidateBody, ValidateResponse } from './payeesSchemas.ts';
import { validatePayee, type ValidatePayeeDeps } from './validatePayee.ts';

export type PayeesDeps = ValidatePayeeDeps;

/**
 * POST /v1/payees/validate: the payee's verified name (ReqValAdd). A user endpoint: buildApp registers it
 * behind `authenticate`.
 */
export const payeesRoutes =
  (deps: PayeesDeps) =>
  async (app: FastifyInstance): Promise<void> => {
    const typed = app.withTypeProvider<TypeBoxTypeProvider>();
    typed.post(
      '/v1/payees/validate',
      {
        schema: {
          tags: ['payees'],
          summary: 'Validate a payee VPA (ReqValAdd)',
          body: ValidateBody,
          response: { 200: ValidateResponse, 400: ErrorResponse, 422: ErrorResponse, 504: ErrorResponse },
        },
      },
      async (request) => validatePayee(deps, { userId: userOf(request).userId, payeeVpa: request.body.vpa }),
    );
  };
