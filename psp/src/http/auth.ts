/**
 * The HTTP side of authentication. Every user endpoint runs `authenticate` as an onRequest hook — before
 * the body is even parsed — and needs `Authorization: Bearer <token>` plus the `X-Device-Id` the token was
 * bound to (checked by users/authenticateUser). Operator endpoints need `X-Operator-Key` (compared in
 * constant time).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { User } from '../domain/types.ts';
import { PspError } from '../errors.ts';
import { authenticateUser, type AuthenticateUserDeps } from '../users/authenticateUser.ts';

/** A bearer token as users/token.ts issues them: 43 base64url characters. */
const BEARER = /^Bearer ([A-Za-z0-9_-]{43})$/;

const users = new WeakMap<FastifyRequest, User>();

/** The authenticated user of a request that passed `authenticate`. */
export const userOf = (request: FastifyRequest): User => {
  const user = users.get(request);
  /* c8 ignore next - a route that forgot its onRequest hook is a bug */
  if (!user) throw new Error(`route ${request.routeOptions.url} is not authenticated`);
  return user;
};

const headerOf = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/** onRequest hook for user endpoints. @throws PspError PSP_ERR_UNAUTHENTICATED, PSP_ERR_DEVICE_MISMATCH */
export const authenticate =
  (deps: AuthenticateUserDeps) =>
  async (request: FastifyRequest): Promise<void> => {
    const match = BEARER.exec(headerOf(request, 'authorization') ?? '');
    if (!match) throw new PspError('PSP_ERR_UNAUTHENTICATED', 'missing or malformed bearer token');
    const user = await authenticateUser(deps, {
      token: match[1],
      deviceId: headerOf(request, 'x-device-id'),
    });
    users.set(request, user);
  };

/** onRequest hook for operator endpoints. @throws PspError PSP_ERR_FORBIDDEN */
export const authenticateOperator = (operatorKey: string) => {
  const expected = createHash('sha256').update(operatorKey).digest();
  return async (request: FastifyRequest): Promise<void> => {
    const given = createHash('sha256')
      .update(headerOf(request, 'x-operator-key') ?? '')
      .digest();
    if (!timingSafeEqual(given, expected)) throw new PspError('PSP_ERR_FORBIDDEN', 'operator key required');
  };
};
