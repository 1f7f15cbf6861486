/**
 * The operator-key check of operator endpoints: header X-Operator-Key, compared in constant time. Both
 * sides are hashed first: timingSafeEqual needs equal lengths, and the key's length must not leak either.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * An onRequest hook that lets a request through only with the operator key.
 * @param refusal the service's own error for a missing or wrong key (thrown, so the error table answers)
 */
export const operatorKeyHook = (operatorKey: string, refusal: () => Error) => {
  const expected = digest(operatorKey);
  return async (request: FastifyRequest): Promise<void> => {
    const given = request.headers['x-operator-key'];
    if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected)) throw refusal();
  };
};
