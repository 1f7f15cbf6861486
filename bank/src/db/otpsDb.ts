/** SQL for the one-time codes of PIN sets (migrations/005_otp.sql): one live code per account, verifier only. */
import { sql } from 'slonik';
import type { Queryable } from '@switchyard/infra';
import type { OtpRecord } from '../domain/otpPolicy.ts';

/** Stores the account's new code, replacing any earlier one. */
export const replaceOtp = async (
  q: Queryable,
  input: { accountId: number; txnId: string; verifier: string; createdAt: Date; expiresAt: Date },
): Promise<void> => {
  await q.query(sql.unsafe`
    INSERT INTO otps (account_id, txn_id, verifier, created_at, expires_at)
    VALUES (${input.accountId}, ${input.txnId}, ${input.verifier}, ${sql.timestamp(input.createdAt)},
            ${sql.timestamp(input.expiresAt)})
    ON CONFLICT (account_id) DO UPDATE
      SET txn_id = EXCLUDED.txn_id, verifier = EXCLUDED.verifier, created_at = EXCLUDED.created_at,
          expires_at = EXCLUDED.expires_at`);
};

/** The account's live code, if any (the caller holds the account's row lock). */
export const findOtp = async (q: Queryable, accountId: number): Promise<OtpRecord | undefined> => {
  const row = (await q.maybeOne(sql.unsafe`
    SELECT verifier, expires_at FROM otps WHERE account_id = ${accountId}`)) as {
    verifier: string;
    expires_at: Date;
  } | null;
  return row === null ? undefined : { verifier: row.verifier, expiresAt: row.expires_at };
};

export const deleteOtp = async (q: Queryable, accountId: number): Promise<void> => {
  await q.query(sql.unsafe`DELETE FROM otps WHERE account_id = ${accountId}`);
};
