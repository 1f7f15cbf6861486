import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { userOf } from '../http/auth.ts';
import { ErrorResponse } from '../http/schemas.ts';
import { SetPinBody, SetPinResponse, VpaParams } from './pinSchemas.ts';
import { setPin, type SetPinDeps } from './setPin.ts';

export type PinDeps = SetPinDeps;

/**
 * POST /v1/vpas/:vpa/pin: set or change the UPI PIN of the account behind one of the user's VPAs
 * (ReqSetCre). A user endpoint: buildApp registers it behind `authenticate`.
 */
export const pinRoutes =
  (deps: PinDeps) =>
  async (app: FastifyInstance): Promise<void> => {
    const typed = app.withTypeProvider<TypeBoxTypeProvider>();
    typed.post(
      '/v1/vpas/:vpa/pin',
      {
        schema: {
          tags: ['vpas'],
          summary: 'Set or change the UPI PIN (ReqSetCre)',
          params: VpaParams,
          body: SetPinBody,
          response: { 200: SetPinResponse, 404: ErrorResponse, 422: ErrorResponse, 504: ErrorResponse },
        },
      },
      async (request) => {
        const { vpa } = await setPin(deps, {
          userId: userOf(request).userId,
          vpa: request.params.vpa,
          creds: request.body.creds,
        });
        return { vpa, result: 'SUCCESS' as const };
      },
    );
  };
