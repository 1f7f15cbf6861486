/**
 * Device-bound credentials. Registration returns a random bearer token; only its SHA-256 is stored. Every
 * user endpoint runs `authenticate` as an onRequest hook — before the body is even parsed — and needs
 * `Authorization: Bearer <token>` plus the `X-Device-Id` the token was bound to. Operator endpoints need
 * `X-Operator-Key` (compared in constant time).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '@switchyard/infra';
import type { User } from '../domain/types.ts';
import { findUserByTokenHash } from '../db/usersDb.ts';
import { PspError } from '../errors.ts';

const TOKEN_BYTES = 32;
const BEARER = /^Bearer ([A-Za-z0-9_-]{43})$/;

export const newToken = (): string => randomBytes(TOKEN_BYTES).toString('base64url');
export const tokenHash = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

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
  (db: Queryable) =>
  async (request: FastifyRequest): Promise<void> => {
    const match = BEARER.exec(headerOf(request, 'authorization') ?? '');
    if (!match) throw new PspError('PSP_ERR_UNAUTHENTICATED', 'missing or malformed bearer token');
    const user = await findUserByTokenHash(db, tokenHash(match[1]));
    if (!user) throw new PspError('PSP_ERR_UNAUTHENTICATED', 'unknown or revoked token');
    if (headerOf(request, 'x-device-id') !== user.deviceId) {
      throw new PspError('PSP_ERR_DEVICE_MISMATCH', 'the token is bound to another device');
    }
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
