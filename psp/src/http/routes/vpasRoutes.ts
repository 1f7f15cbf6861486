import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { VpaRecord } from '../../domain/types.ts';
import { vpaFor } from '../../domain/vpaFor.ts';
import { findAccount } from '../../db/accountsDb.ts';
import { findVpa, insertVpa, listVpas } from '../../db/vpasDb.ts';
import { PspError } from '../../errors.ts';
import type { AppDeps } from '../appDeps.ts';
import { authenticate, userOf } from '../auth.ts';
import { CreateVpaBody, ErrorResponse, VpaView, VpasResponse } from '../schemas.ts';

const vpaView = (v: VpaRecord) => ({
  vpa: v.vpa,
  acNum: v.acNum,
  ifsc: v.ifsc,
  name: v.accountName,
  createdAt: v.createdAt.toISOString(),
});

/**
 * VPAs: POST /v1/vpas creates `username@<handle>` (UPI.md §8; unique in any letter case) on an account
 * discovered for the user; GET /v1/vpas lists the user's.
 */
export const vpasRoutes =
  (deps: AppDeps) =>
  async (app: FastifyInstance): Promise<void> => {
    const typed = app.withTypeProvider<TypeBoxTypeProvider>();
    const auth = authenticate({ db: deps.db });

    typed.post(
      '/v1/vpas',
      {
        onRequest: auth,
        schema: {
          tags: ['vpas'],
          summary: 'Create a VPA on a discovered account',
          body: CreateVpaBody,
          response: { 201: VpaView, 400: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
        },
      },
      async (request, reply) => {
        const user = userOf(request);
        const decision = vpaFor(request.body.username, deps.handle);
        if (!decision.ok) {
          throw new PspError(
            'PSP_ERR_VPA_INVALID',
            decision.reason === 'too_long'
              ? 'a VPA has at most 255 characters'
              : 'username: 2 or more of letters, digits, ".", "-", "_"',
          );
        }
        const { acNum, ifsc } = request.body;
        if (!(await findAccount(deps.db.pool, user.userId, ifsc, acNum))) {
          throw new PspError(
            'PSP_ERR_ACCOUNT_NOT_LINKED',
            'discover the account first (POST /v1/accounts/discover)',
          );
        }
        const created = await deps.db.transaction(async (tx) => {
          if (
            !(await insertVpa(tx, { key: decision.key, vpa: decision.vpa, userId: user.userId, ifsc, acNum }))
          )
            return undefined;
          return findVpa(tx, decision.vpa);
        });
        if (!created) throw new PspError('PSP_ERR_VPA_TAKEN', `${decision.vpa} is taken`);
        return reply.code(201).send(vpaView(created));
      },
    );

    typed.get(
      '/v1/vpas',
      {
        onRequest: auth,
        schema: { tags: ['vpas'], summary: "The user's VPAs", response: { 200: VpasResponse } },
      },
      async (request) => ({ vpas: (await listVpas(deps.db.pool, userOf(request).userId)).map(vpaView) }),
    );
  };
