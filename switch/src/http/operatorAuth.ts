/** X-Operator-Key for /v1, compared in constant time (hashes of equal length). */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { SwitchError } from '../errors.ts';

export const authenticateOperator = (operatorKey: string) => {
  const expected = createHash('sha256').update(operatorKey).digest();
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers['x-operator-key'];
    const given = createHash('sha256')
      .update(typeof header === 'string' ? header : '')
      .digest();
    if (!timingSafeEqual(given, expected))
      throw new SwitchError('SWITCH_ERR_UNAUTHORISED', 'X-Operator-Key required');
  };
};
