import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { isVpa, newTxnId, type RespValAdd } from '@switchyard/contracts';
import { reqValAddFor } from '../../domain/messages/reqValAddFor.ts';
import { SWITCH } from '../../domain/types.ts';
import { listVpas } from '../../db/vpasDb.ts';
import { PspError } from '../../errors.ts';
import type { AppDeps } from '../appDeps.ts';
import { upstreamOf } from '../appDeps.ts';
import { authenticate, userOf } from '../auth.ts';
import { callUpstream } from '../../upstream/callUpstream.ts';
import { declined } from '../../upstream/declined.ts';
import { ErrorResponse, ValidateBody, ValidateResponse } from '../schemas.ts';

/**
 * POST /v1/payees/validate (UPI.md §4 step 0): ReqValAdd through the switch to the payee's PSP, which
 * answers with the verified name. Even our own VPAs go the network's way: one path, one behaviour.
 */
export const payeesRoutes =
  (deps: AppDeps) =>
  async (app: FastifyInstance): Promise<void> => {
    const typed = app.withTypeProvider<TypeBoxTypeProvider>();
    typed.post(
      '/v1/payees/validate',
      {
        onRequest: authenticate({ db: deps.db }),
        schema: {
          tags: ['payees'],
          summary: 'Validate a payee VPA (ReqValAdd)',
          body: ValidateBody,
          response: { 200: ValidateResponse, 400: ErrorResponse, 422: ErrorResponse, 504: ErrorResponse },
        },
      },
      async (request) => {
        const user = userOf(request);
        const payeeVpa = request.body.vpa;
        if (!isVpa(payeeVpa))
          throw new PspError('PSP_ERR_VPA_INVALID', 'not a VPA (username@handle, at most 255 characters)');
        const [payer] = await listVpas(deps.db.pool, user.userId);
        if (!payer)
          throw new PspError(
            'PSP_ERR_PAYER_VPA_UNKNOWN',
            'create a VPA first: validation is made on behalf of one',
          );
        const txnId = newTxnId(deps.txnPrefix);
        const messageId = deps.newMessageId();
        const message = reqValAddFor({
          participant: deps.participant,
          messageId,
          now: deps.now(),
          txnId,
          payerVpa: payer.vpa,
          payeeVpa,
        });
        const answer = await callUpstream<RespValAdd>(upstreamOf(deps), txnId, async (tx) => {
          await deps.outbox.enqueue(tx, { recipient: SWITCH, message, messageId, correlationId: txnId });
        });
        if (answer.resp.result !== 'SUCCESS' || !answer.payee)
          throw declined('payee validation', answer.resp.errCode);
        return { vpa: answer.payee.addr, name: answer.payee.name, ifsc: answer.payee.ifsc };
      },
    );
  };
