/** SQL for Idempotency-Key records: the first accepted answer per (user, key). */
import { sql } from 'slonik';
import type { Queryable } from '@switchyard/infra';

export type StoredAnswer = { requestSha256: Buffer; statusCode: number; response: unknown };

export const findAnswer = async (
  db: Queryable,
  userId: string,
  key: string,
): Promise<StoredAnswer | undefined> => {
  const row = (await db.maybeOne(sql.unsafe`
    SELECT request_sha256, status_code, response FROM idempotency_keys
    WHERE user_id = ${userId} AND idempotency_key = ${key}`)) as {
    request_sha256: Buffer;
    status_code: number;
    response: unknown;
  } | null;
  return row
    ? { requestSha256: row.request_sha256, statusCode: row.status_code, response: row.response }
    : undefined;
};

/**
 * Claims the key for this answer. Inserted first in the payment's transaction: a concurrent request with
 * the same key waits on the primary key and then sees the conflict (false).
 */
export const claimKey = async (
  db: Queryable,
  input: { userId: string; key: string; requestSha256: Buffer; statusCode: number; response: unknown },
): Promise<boolean> => {
  const row = await db.maybeOne(sql.unsafe`
    INSERT INTO idempotency_keys (user_id, idempotency_key, request_sha256, status_code, response)
    VALUES (${input.userId}, ${input.key}, ${sql.binary(input.requestSha256)}, ${input.statusCode}, ${sql.jsonb(input.response as never)})
    ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING 1 AS claimed`);
  return row !== null;
};

/** Deletes up to `batchMax` answers older than `retentionMs`; returns how many went. */
export const deleteExpiredAnswers = async (
  db: Queryable,
  retentionMs: number,
  batchMax: number,
): Promise<number> =>
  (
    await db.query(sql.unsafe`
    DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(
      SELECT ctid FROM idempotency_keys WHERE created_at < now() - ${retentionMs} * interval '1 millisecond' LIMIT ${batchMax}))`)
  ).rowCount;
