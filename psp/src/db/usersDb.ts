/** SQL for users and their device-bound credentials. Only the SHA-256 of a bearer token is stored. */
import { sql } from 'slonik';
import type { Queryable } from '@switchyard/infra';
import type { User } from '../domain/types.ts';

type UserRow = { user_id: string; name: string; mobile: string; device_id: string };
const toUser = (row: UserRow): User => ({
  userId: row.user_id,
  name: row.name,
  mobile: row.mobile,
  deviceId: row.device_id,
});

/**
 * Binds a mobile to a device: registers a new user, or — when the mobile is already registered — binds it
 * to the new device and replaces its credential (the previous token stops working). Returns the user id.
 * Call it only once the mobile is proven (users/verifyRegistration: the SMS code).
 */
export const bindUser = async (
  db: Queryable,
  input: { userId: string; name: string; mobile: string; deviceId: string; tokenSha256: Buffer },
): Promise<string> =>
  (await db.oneFirst(sql.unsafe`
    INSERT INTO users (user_id, name, mobile, device_id, token_sha256)
    VALUES (${input.userId}, ${input.name}, ${input.mobile}, ${input.deviceId}, ${sql.binary(input.tokenSha256)})
    ON CONFLICT (mobile) DO UPDATE
      SET device_id = EXCLUDED.device_id, token_sha256 = EXCLUDED.token_sha256, bound_at = now()
    RETURNING user_id`)) as string;

export const findUserByTokenHash = async (db: Queryable, tokenSha256: Buffer): Promise<User | undefined> => {
  const row = (await db.maybeOne(sql.unsafe`
    SELECT user_id, name, mobile, device_id FROM users WHERE token_sha256 = ${sql.binary(tokenSha256)}`)) as UserRow | null;
  return row ? toUser(row) : undefined;
};
