import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '../http/schemas.ts';
import type { AuthenticateUserDeps } from './authenticateUser.ts';
import { registerUser, type RegisterUserDeps } from './registerUser.ts';
import { RegisterBody, RegisterResponse } from './usersSchemas.ts';

/** The users slice: registration (the route below) and authentication (the hook buildApp puts in front). */
export type UsersDeps = RegisterUserDeps & AuthenticateUserDeps;

/** POST /v1/users (public): register = bind a credential to a device; 201 with the token, shown once. */
export const usersRoutes =
  (deps: UsersDeps) =>
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
      async (request, reply) => reply.code(201).send(await registerUser(deps, request.body)),
    );
  };
