import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '../http/schemas.ts';
import { getBankKey, type GetBankKeyDeps } from './getBankKey.ts';
import { BankKeyParams, BankKeyResponse } from './keysSchemas.ts';

export type KeysDeps = GetBankKeyDeps;

/**
 * GET /v1/keys/banks/:ifsc: the bank's current public key, keys in base64. A user endpoint: buildApp
 * registers it behind `authenticate`.
 */
export const keysRoutes =
  (deps: KeysDeps) =>
  async (app: FastifyInstance): Promise<void> => {
    const typed = app.withTypeProvider<TypeBoxTypeProvider>();
    typed.get(
      '/v1/keys/banks/:ifsc',
      {
        schema: {
          tags: ['keys'],
          summary: "The bank's current public key for sealing creds",
          params: BankKeyParams,
          response: { 200: BankKeyResponse, 404: ErrorResponse },
        },
      },
      async (request) => {
        const key = getBankKey(deps, { ifsc: request.params.ifsc });
        return {
          participant: key.participant,
          keyId: key.keyId,
          boxPublicKey: Buffer.from(key.boxPublicKey).toString('base64'),
          signPublicKey: Buffer.from(key.signPublicKey).toString('base64'),
          createdAt: key.createdAt,
        };
      },
    );
  };
