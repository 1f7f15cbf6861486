import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { LinkedAccount } from '../domain/types.ts';
import { userOf } from '../http/auth.ts';
import { ErrorResponse } from '../http/schemas.ts';
import { AccountsResponse, DiscoverBody } from './accountsSchemas.ts';
import { discoverAccounts, type DiscoverAccountsDeps } from './discoverAccounts.ts';
import { listAccounts, type ListAccountsDeps } from './listAccounts.ts';

export type AccountsDeps = DiscoverAccountsDeps & ListAccountsDeps;

const accountView = (a: Pick<LinkedAccount, 'acNum' | 'ifsc' | 'name' | 'acType' | 'pinSet'>) => ({
  acNum: a.acNum,
  ifsc: a.ifsc,
  name: a.name,
  acType: a.acType,
  pinSet: a.pinSet,
});

/**
 * POST /v1/accounts/discover (ReqListAccount by the user's mobile) and GET /v1/accounts (discovered so
 * far). User endpoints: buildApp registers them behind `authenticate`.
 */
export const accountsRoutes =
  (deps: AccountsDeps) =>
  async (app: FastifyInstance): Promise<void> => {
    const typed = app.withTypeProvider<TypeBoxTypeProvider>();
    typed.post(
      '/v1/accounts/discover',
      {
        schema: {
          tags: ['accounts'],
          summary: "Discover the user's accounts at a bank (ReqListAccount)",
          body: DiscoverBody,
          response: { 200: AccountsResponse, 404: ErrorResponse, 422: ErrorResponse, 504: ErrorResponse },
        },
      },
      async (request) => {
        const accounts = await discoverAccounts(deps, { user: userOf(request), ifsc: request.body.ifsc });
        return { accounts: accounts.map(accountView) };
      },
    );
    typed.get(
      '/v1/accounts',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Accounts discovered for the user',
          response: { 200: AccountsResponse },
        },
      },
      async (request) => ({
        accounts: (await listAccounts(deps, { userId: userOf(request).userId })).map(accountView),
      }),
    );
  };
