import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { newTxnId, type RespSetCre } from '@switchyard/contracts';
import { reqSetCreFor } from '../../domain/messages/reqSetCreFor.ts';
import { SWITCH, type VpaRecord } from '../../domain/types.ts';
import { vpaFor } from '../../domain/vpaFor.ts';
import { findAccount } from '../../db/accountsDb.ts';
import { insertUpstreamRequest } from '../../db/upstreamRequestsDb.ts';
import { findVpa, insertVpa, listVpas } from '../../db/vpasDb.ts';
import { PspError } from '../../errors.ts';
import type { AppDeps } from '../appDeps.ts';
import { upstreamOf } from '../appDeps.ts';
import { authenticate, userOf } from '../auth.ts';
import { callUpstream } from '../../upstream/callUpstream.ts';
import { declined } from '../../upstream/declined.ts';
import {
  CreateVpaBody,
  ErrorResponse,
  SetPinBody,
  SetPinResponse,
  VpaParams,
  VpaView,
  VpasResponse,
} from '../schemas.ts';

const vpaView = (v: VpaRecord) => ({
  vpa: v.vpa,
  acNum: v.acNum,
  ifsc: v.ifsc,
  name: v.accountName,
  createdAt: v.createdAt.toISOString(),
});

/**
 * VPAs: POST /v1/vpas creates `username@<handle>` (UPI.md §8; unique in any letter case) on an account
 * discovered for the user; GET /v1/vpas lists the user's; POST /v1/vpas/:vpa/pin sets or changes the UPI
 * PIN of the account behind it (ReqSetCre) with a creds block the client sealed for that bank.
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

    typed.post(
      '/v1/vpas/:vpa/pin',
      {
        onRequest: auth,
        schema: {
          tags: ['vpas'],
          summary: 'Set or change the UPI PIN (ReqSetCre)',
          params: VpaParams,
          body: SetPinBody,
          response: { 200: SetPinResponse, 404: ErrorResponse, 422: ErrorResponse, 504: ErrorResponse },
        },
      },
      async (request) => {
        const user = userOf(request);
        const vpa = await findVpa(deps.db.pool, request.params.vpa);
        if (!vpa || vpa.userId !== user.userId)
          throw new PspError('PSP_ERR_NOT_FOUND', `no VPA ${request.params.vpa}`);
        const txnId = newTxnId(deps.txnPrefix);
        const messageId = deps.newMessageId();
        const message = reqSetCreFor({
          participant: deps.participant,
          messageId,
          now: deps.now(),
          txnId,
          vpa,
          creds: request.body.creds,
        });
        const answer = await callUpstream<RespSetCre>(upstreamOf(deps), txnId, async (tx) => {
          await insertUpstreamRequest(tx, {
            txnId,
            kind: 'SET_CRE',
            userId: user.userId,
            reqMsgId: message.head.msgId,
            ifsc: vpa.ifsc,
            acNum: vpa.acNum,
          });
          await deps.outbox.enqueue(tx, { recipient: SWITCH, message, messageId, correlationId: txnId });
        });
        if (answer.resp.result !== 'SUCCESS') throw declined('PIN change', answer.resp.errCode);
        return { vpa: vpa.vpa, result: 'SUCCESS' as const };
      },
    );
  };
