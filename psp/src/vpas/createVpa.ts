import type { Db } from '@switchyard/infra';
import type { VpaRecord } from '../domain/types.ts';
import { vpaFor } from '../domain/vpaFor.ts';
import { findAccount } from '../db/accountsDb.ts';
import { findVpa, insertVpa } from '../db/vpasDb.ts';
import { PspError } from '../errors.ts';

export type CreateVpaDeps = { db: Db; handle: string };
export type CreateVpaCommand = { userId: string; username: string; acNum: string; ifsc: string };

/**
 * Creates `username@<handle>` (docs/upi.md §8; unique in any letter case) on an account discovered for the
 * user.
 * @throws PspError PSP_ERR_VPA_INVALID, PSP_ERR_ACCOUNT_NOT_LINKED (not discovered for this user),
 *   PSP_ERR_VPA_TAKEN (exists in any letter case)
 */
export const createVpa = async (deps: CreateVpaDeps, command: CreateVpaCommand): Promise<VpaRecord> => {
  const { userId, acNum, ifsc } = command;
  const decision = vpaFor(command.username, deps.handle);
  if (!decision.ok) {
    throw new PspError(
      'PSP_ERR_VPA_INVALID',
      decision.reason === 'too_long'
        ? 'a VPA has at most 255 characters'
        : 'username: 2 or more of letters, digits, ".", "-", "_"',
    );
  }
  if (!(await findAccount(deps.db.pool, userId, ifsc, acNum))) {
    throw new PspError(
      'PSP_ERR_ACCOUNT_NOT_LINKED',
      'discover the account first (POST /v1/accounts/discover)',
    );
  }
  const created = await deps.db.transaction(async (tx) => {
    if (!(await insertVpa(tx, { key: decision.key, vpa: decision.vpa, userId, ifsc, acNum })))
      return undefined;
    return findVpa(tx, decision.vpa);
  });
  if (!created) throw new PspError('PSP_ERR_VPA_TAKEN', `${decision.vpa} is taken`);
  return created;
};
