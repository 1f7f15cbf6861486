import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '../http/schemas.ts';
import type { AuthenticateUserDeps } from './authenticateUser.ts';
import { startRegistration, type StartRegistrationDeps } from './startRegistration.ts';
import { RegisterBody, RegisterResponse, RegistrationStartedResponse, VerifyBody } from './usersSchemas.ts';
import { verifyRegistration, type VerifyRegistrationDeps } from './verifyRegistration.ts';

/** The users slice: registration (the routes below) and authentication (the hook buildApp puts in front). */
export type UsersDeps = StartRegistrationDeps & VerifyRegistrationDeps & AuthenticateUserDeps;

const publicRoute = { tags: ['users'], security: [] };

/**
 * Registration = device binding, in two public steps: POST /v1/users sends a one-time code by SMS to the
 * mobile (202); POST /v1/users/verify with that code binds the mobile to the device and answers the token
 * (201, shown once). A mobile registered before moves to the new device only through the same proof.
 */
export const usersRoutes =
  (deps: UsersDeps) =>
  async (app: FastifyInstance): Promise<void> => {
    const typed = app.withTypeProvider<TypeBoxTypeProvider>();
    typed.post(
      '/v1/users',
      {
        schema: {
          ...publicRoute,
          summary: 'Start registering: a one-time code goes by SMS to the mobile',
          description:
            'Answers 202 with a registration id whether or not the mobile is already registered; nothing ' +
            'changes for an existing user until the code is verified. Rate-limited per mobile and overall ' +
            '(429 with Retry-After).',
          body: RegisterBody,
          response: {
            202: RegistrationStartedResponse,
            400: ErrorResponse,
            429: ErrorResponse,
            503: ErrorResponse,
          },
        },
      },
      async (request, reply) => reply.code(202).send(await startRegistration(deps, request.body)),
    );
    typed.post(
      '/v1/users/verify',
      {
        schema: {
          ...publicRoute,
          summary: 'Finish registering with the code from the SMS: bind the mobile to the device',
          description:
            'Answers the device-bound token once. A mobile registered before moves to the new device and its ' +
            'old token stops working. Three wrong codes lock the registration (423); an expired code is 422.',
          body: VerifyBody,
          response: {
            201: RegisterResponse,
            400: ErrorResponse,
            404: ErrorResponse,
            422: ErrorResponse,
            423: ErrorResponse,
          },
        },
      },
      async (request, reply) => reply.code(201).send(await verifyRegistration(deps, request.body)),
    );
  };
