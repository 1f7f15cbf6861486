/** The operator key check for operator routes: header X-Operator-Key, compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { BankError } from '../errors.ts';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** @throws BankError BANK_ERR_UNAUTHORISED when the header is missing or wrong. */
export const requireOperator = (request: FastifyRequest, operatorKey: string): void => {
  const given = request.headers['x-operator-key'];
  // Hash both sides: timingSafeEqual needs equal lengths, and the key's length must not leak either.
  if (typeof given !== 'string' || !timingSafeEqual(digest(given), digest(operatorKey))) {
    throw new BankError('BANK_ERR_UNAUTHORISED', 'missing or wrong X-Operator-Key');
  }
};
