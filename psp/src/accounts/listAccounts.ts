import type { Db } from '@switchyard/infra';
import type { LinkedAccount } from '../domain/types.ts';
import * as accountsDb from '../db/accountsDb.ts';

export type ListAccountsDeps = { db: Db };
export type ListAccountsCommand = { userId: string };

/**
 * The accounts discovered for the user so far.
 * @throws only on infrastructure faults (the database)
 */
export const listAccounts = async (
  deps: ListAccountsDeps,
  command: ListAccountsCommand,
): Promise<LinkedAccount[]> => accountsDb.listAccounts(deps.db.pool, command.userId);
