import type { Db } from '@switchyard/infra';
import type { User } from '../domain/types.ts';
import { findUserByTokenHash } from '../db/usersDb.ts';
import { PspError } from '../errors.ts';
import { tokenHash } from './token.ts';

export type AuthenticateUserDeps = { db: Db };
/** `deviceId` is what the request claims (X-Device-Id); undefined when it claims none. */
export type AuthenticateUserCommand = { token: string; deviceId: string | undefined };

/**
 * The user a bearer token was issued to, provided the request comes from the device it is bound to.
 * @throws PspError PSP_ERR_UNAUTHENTICATED (unknown or revoked token), PSP_ERR_DEVICE_MISMATCH
 */
export const authenticateUser = async (
  deps: AuthenticateUserDeps,
  command: AuthenticateUserCommand,
): Promise<User> => {
  const user = await findUserByTokenHash(deps.db.pool, tokenHash(command.token));
  if (!user) throw new PspError('PSP_ERR_UNAUTHENTICATED', 'unknown or revoked token');
  if (command.deviceId !== user.deviceId) {
    throw new PspError('PSP_ERR_DEVICE_MISMATCH', 'the token is bound to another device');
  }
  return user;
};
