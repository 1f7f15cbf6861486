import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { newTxnId, type RespListAccount } from '@switchyard/contracts';
import { bankForIfsc } from '@switchyard/infra';
import { reqListAccountFor } from '../../domain/messages/reqListAccountFor.ts';
import { SWITCH, type LinkedAccount } from '../../domain/types.ts';
import { listAccounts } from '../../db/accountsDb.ts';
import { insertUpstreamRequest } from '../../db/upstreamRequestsDb.ts';
import { PspError } from '../../errors.ts';
import type { AppDeps } from '../appDeps.ts';
import { upstreamOf } from '../appDeps.ts';
import { authenticate, userOf } from '../auth.ts';
import { callUpstream } from '../../upstream/callUpstream.ts';
import { declined } from '../../upstream/declined.ts';
import { AccountsResponse, DiscoverBody, ErrorResponse } from '../schemas.ts';

const accountView = (a: Pick<LinkedAccount, 'acNum' | 'ifsc' | 'name' | 'acType' | 'pinSet'>) => ({
  acNum: a.acNum,
  ifsc: a.ifsc,
  name: a.name,
  acType: a.acType,
  pinSet: a.pinSet,
});

/**
 * POST /v1/accounts/discover: ReqListAccount via the switch to the bank of the IFSC, by the user's
 * mobile; the accounts found are remembered for the user. GET /v1/accounts: what was discovered so far.
 */
export const accountsRoutes =
  (deps: AppDeps) =>
  async (app: FastifyInstance): Promise<void> => {
    const typed = app.withTypeProvider<TypeBoxTypeProvider>();
    const auth = authenticate({ db: deps.db });
    typed.post(
      '/v1/accounts/discover',
      {
        onRequest: auth,
        schema: {
          tags: ['accounts'],
          summary: "Discover the user's accounts at a bank (ReqListAccount)",
          body: DiscoverBody,
          response: { 200: AccountsResponse, 404: ErrorResponse, 422: ErrorResponse, 504: ErrorResponse },
        },
      },
      async (request) => {
        const user = userOf(request);
        const ifsc = request.body.ifsc;
        if (!bankForIfsc(deps.network, ifsc))
          throw new PspError('PSP_ERR_BANK_UNKNOWN', `no bank owns IFSC ${ifsc}`);
        const txnId = newTxnId(deps.txnPrefix);
        const messageId = deps.newMessageId();
        const message = reqListAccountFor({
          participant: deps.participant,
          messageId,
          now: deps.now(),
          txnId,
          mobile: user.mobile,
          ifsc,
        });
        const answer = await callUpstream<RespListAccount>(upstreamOf(deps), txnId, async (tx) => {
          await insertUpstreamRequest(tx, {
            txnId,
            kind: 'LIST_ACCOUNT',
            userId: user.userId,
            reqMsgId: message.head.msgId,
            ifsc,
          });
          await deps.outbox.enqueue(tx, { recipient: SWITCH, message, messageId, correlationId: txnId });
        });
        if (answer.resp.result !== 'SUCCESS') throw declined('account discovery', answer.resp.errCode);
        return { accounts: answer.accounts.map(accountView) };
      },
    );
    typed.get(
      '/v1/accounts',
      {
        onRequest: auth,
        schema: {
          tags: ['accounts'],
          summary: 'Accounts discovered for the user',
          response: { 200: AccountsResponse },
        },
      },
      async (request) => ({
        accounts: (await listAccounts(deps.db.pool, userOf(request).userId)).map(accountView),
      }),
    );
  };
