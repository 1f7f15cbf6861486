import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { registerUser } from '../../db/usersDb.ts';
import type { AppDeps } from '../appDeps.ts';
import { newToken, tokenHash } from '../auth.ts';
import { ErrorResponse, RegisterBody, RegisterResponse } from '../schemas.ts';

/**
 * POST /v1/users: registration = device binding. A mobile registered again (new phone) is rebound to the
 * new device and gets a new token; the old token stops working. The token is shown once and never stored.
 */
export const usersRoutes =
  (deps: AppDeps) =>
  async (app: FastifyInstance): Promise<void> => {
    const typed = app.withTypeProvider<TypeBoxTypeProvider>();
    typed.post(
      '/v1/users',
      {
        schema: {
          tags: ['users'],
          summary: 'Register a user and bind the credential to a device',
          body: RegisterBody,
          response: { 201: RegisterResponse, 400: ErrorResponse },
        },
      },
      async (request, reply) => {
        const token = newToken();
        const userId = await registerUser(deps.db.pool, {
          userId: randomUUID(),
          name: request.body.name,
          mobile: request.body.mobile,
          deviceId: request.body.deviceId,
          tokenSha256: tokenHash(token),
        });
        return reply.code(201).send({ userId, token });
      },
    );
  };
