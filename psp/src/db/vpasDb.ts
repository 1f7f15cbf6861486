/** SQL for VPAs: `username@handle`, unique case-insensitively (vpa_key = lower(vpa)). */
import { sql } from 'slonik';
import type { Queryable } from '@switchyard/infra';
import type { VpaRecord } from '../domain/types.ts';

type VpaRow = { vpa: string; user_id: string; ifsc: string; ac_num: string; name: string; created_at: Date };
const toVpa = (row: VpaRow): VpaRecord => ({
  vpa: row.vpa,
  userId: row.user_id,
  ifsc: row.ifsc,
  acNum: row.ac_num,
  accountName: row.name,
  createdAt: row.created_at,
});

const SELECT_VPA = sql.fragment`
  SELECT v.vpa, v.user_id, v.ifsc, v.ac_num, a.name, v.created_at
  FROM vpas v JOIN linked_accounts a USING (user_id, ifsc, ac_num)`;

/** Creates a VPA; false when it (in any letter case) is taken. */
export const insertVpa = async (
  db: Queryable,
  input: { key: string; vpa: string; userId: string; ifsc: string; acNum: string },
): Promise<boolean> => {
  const inserted = await db.maybeOne(sql.unsafe`
    INSERT INTO vpas (vpa_key, vpa, user_id, ifsc, ac_num)
    VALUES (${input.key}, ${input.vpa}, ${input.userId}, ${input.ifsc}, ${input.acNum})
    ON CONFLICT (vpa_key) DO NOTHING RETURNING 1 AS inserted`);
  return inserted !== null;
};

/** The VPA record of an address, whatever its letter case. */
export const findVpa = async (db: Queryable, vpa: string): Promise<VpaRecord | undefined> => {
  const row = (await db.maybeOne(
    sql.unsafe`${SELECT_VPA} WHERE v.vpa_key = ${vpa.toLowerCase()}`,
  )) as VpaRow | null;
  return row ? toVpa(row) : undefined;
};

export const listVpas = async (db: Queryable, userId: string): Promise<VpaRecord[]> =>
  (
    (await db.any(
      sql.unsafe`${SELECT_VPA} WHERE v.user_id = ${userId} ORDER BY v.created_at, v.vpa_key`,
    )) as VpaRow[]
  ).map(toVpa);
