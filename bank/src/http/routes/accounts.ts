import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import { Type } from 'typebox';
import * as accountsDb from '../../db/accountsDb.ts';
import * as ledgerDb from '../../db/ledgerDb.ts';
import { BankError } from '../../errors.ts';
import type { AppDeps } from '../app.ts';

const RECENT_ENTRIES_MAX = 20;
const Params = Type.Object({ acNum: Type.String({ pattern: '^[0-9]{9,18}$' }) });

export const accountRoutes = (
  app: FastifyInstance,
  deps: AppDeps,
  operatorOnly: onRequestAsyncHookHandler,
): void => {
  app.get<{ Params: { acNum: string } }>(
    '/v1/accounts/:acNum',
    { schema: { params: Params }, onRequest: operatorOnly },
    async (request) => {
      const account = await accountsDb.findCustomerByAcNum(deps.db.pool, request.params.acNum);
      if (account === undefined)
        throw new BankError('BANK_ERR_ACCOUNT_UNKNOWN', `no account ${request.params.acNum}`);
      const entries = await ledgerDb.recentEntries(deps.db.pool, account.id, RECENT_ENTRIES_MAX);
      return {
        acNum: account.acNum,
        ifsc: account.ifsc,
        name: account.holderName,
        acType: account.acType,
        status: account.status,
        balanceMinor: account.balanceMinor,
        perTxnLimitMinor: account.perTxnLimitMinor,
        dailyLimitMinor: account.dailyLimitMinor,
        pinSet: account.pin.verifier !== null,
        pinLockedUntil: account.pin.lockedUntil?.toISOString() ?? null,
        recentEntries: entries.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
      };
    },
  );
};
