import type { Db } from '@switchyard/infra';
import type { VpaRecord } from '../domain/types.ts';
import * as vpasDb from '../db/vpasDb.ts';

export type ListVpasDeps = { db: Db };
export type ListVpasCommand = { userId: string };

/**
 * The user's VPAs, oldest first.
 * @throws only on infrastructure faults (the database)
 */
export const listVpas = async (deps: ListVpasDeps, command: ListVpasCommand): Promise<VpaRecord[]> =>
  vpasDb.listVpas(deps.db.pool, command.userId);
