/** SQL for the accounts discovered for a user (RespListAccount). */
import { sql } from 'slonik';
import type { ListedAccount } from '@switchyard/contracts';
import type { Queryable } from '@switchyard/infra';
import type { LinkedAccount } from '../domain/types.ts';

type AccountRow = {
  user_id: string;
  ifsc: string;
  ac_num: string;
  name: string;
  ac_type: 'SAVINGS' | 'CURRENT';
  pin_set: boolean;
};
const toAccount = (row: AccountRow): LinkedAccount => ({
  userId: row.user_id,
  ifsc: row.ifsc,
  acNum: row.ac_num,
  name: row.name,
  acType: row.ac_type,
  pinSet: row.pin_set,
});

/** Records (or refreshes) what the bank reported; accounts are never deleted: VPAs point at them. */
export const upsertDiscoveredAccounts = async (
  db: Queryable,
  userId: string,
  accounts: ListedAccount[],
): Promise<void> => {
  for (const account of accounts) {
    await db.query(sql.unsafe`
      INSERT INTO linked_accounts (user_id, ifsc, ac_num, name, ac_type, pin_set)
      VALUES (${userId}, ${account.ifsc}, ${account.acNum}, ${account.name}, ${account.acType}, ${account.pinSet})
      ON CONFLICT (user_id, ifsc, ac_num) DO UPDATE
        SET name = EXCLUDED.name, ac_type = EXCLUDED.ac_type, pin_set = EXCLUDED.pin_set, discovered_at = now()`);
  }
};

export const findAccount = async (
  db: Queryable,
  userId: string,
  ifsc: string,
  acNum: string,
): Promise<LinkedAccount | undefined> => {
  const row = (await db.maybeOne(sql.unsafe`
    SELECT user_id, ifsc, ac_num, name, ac_type, pin_set FROM linked_accounts
    WHERE user_id = ${userId} AND ifsc = ${ifsc} AND ac_num = ${acNum}`)) as AccountRow | null;
  return row ? toAccount(row) : undefined;
};

export const listAccounts = async (db: Queryable, userId: string): Promise<LinkedAccount[]> =>
  (
    (await db.any(sql.unsafe`
    SELECT user_id, ifsc, ac_num, name, ac_type, pin_set FROM linked_accounts
    WHERE user_id = ${userId} ORDER BY discovered_at, ifsc, ac_num`)) as AccountRow[]
  ).map(toAccount);

export const markPinSet = async (
  db: Queryable,
  userId: string,
  ifsc: string,
  acNum: string,
): Promise<void> => {
  await db.query(sql.unsafe`
    UPDATE linked_accounts SET pin_set = true WHERE user_id = ${userId} AND ifsc = ${ifsc} AND ac_num = ${acNum}`);
};
