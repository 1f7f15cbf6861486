import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { bankForIfsc } from '@switchyard/infra';
import { PspError } from '../../errors.ts';
import type { AppDeps } from '../appDeps.ts';
import { authenticate } from '../auth.ts';
import { BankKeyParams, BankKeyResponse, ErrorResponse } from '../schemas.ts';

/**
 * GET /v1/keys/banks/:ifsc (UPI's ReqListKeys): the current public box key of the bank owning the IFSC,
 * which the client seals the PIN block for. The PSP hands out public keys only.
 */
export const keysRoutes =
  (deps: AppDeps) =>
  async (app: FastifyInstance): Promise<void> => {
    const typed = app.withTypeProvider<TypeBoxTypeProvider>();
    typed.get(
      '/v1/keys/banks/:ifsc',
      {
        onRequest: authenticate({ db: deps.db }),
        schema: {
          tags: ['keys'],
          summary: "The bank's current public key for sealing creds",
          params: BankKeyParams,
          response: { 200: BankKeyResponse, 404: ErrorResponse },
        },
      },
      async (request) => {
        const bank = bankForIfsc(deps.network, request.params.ifsc);
        const key = bank ? deps.directory.current(bank.id) : undefined;
        if (!bank || !key)
          throw new PspError('PSP_ERR_BANK_UNKNOWN', `no bank key for IFSC ${request.params.ifsc}`);
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
