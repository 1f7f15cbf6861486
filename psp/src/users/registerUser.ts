import { randomUUID } from 'node:crypto';
import type { Db } from '@switchyard/infra';
import * as usersDb from '../db/usersDb.ts';
import { newToken, tokenHash } from './token.ts';

export type RegisterUserDeps = { db: Db };
export type RegisterUserCommand = { name: string; mobile: string; deviceId: string };
export type Registered = { userId: string; token: string };

/**
 * Registration = device binding. A mobile registered again (new phone) is rebound to the new device and
 * gets a new token; the old token stops working (the simulator has no SMS check). The token is returned
 * once and never stored, only its hash. One statement, so no explicit transaction.
 * @throws only on infrastructure faults (the database)
 */
export const registerUser = async (
  deps: RegisterUserDeps,
  command: RegisterUserCommand,
): Promise<Registered> => {
  const token = newToken();
  const userId = await usersDb.registerUser(deps.db.pool, {
    userId: randomUUID(),
    name: command.name,
    mobile: command.mobile,
    deviceId: command.deviceId,
    tokenSha256: tokenHash(token),
  });
  return { userId, token };
};
