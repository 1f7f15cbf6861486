/** Counts for GET /v1/stats. */
import { sql } from 'slonik';
import type { Queryable } from '@switchyard/infra';

export type PaymentStats = {
  total: number;
  /** By the payment's status in the state machine (AUTH_PENDING … SUCCESS, DEEMED, STUCK). */
  byStatus: Record<string, number>;
  /** By the final answer's status (SUCCESS, FAILURE, DEEMED). */
  byFinalStatus: Record<string, number>;
  byErrCode: Record<string, number>;
};

const countsBy = async (
  q: Queryable,
  column: 'status' | 'final_status' | 'err_code',
): Promise<Record<string, number>> => {
  const rows = await q.any(sql.unsafe`
    SELECT ${sql.identifier([column])} AS key, count(*)::int8 AS count FROM payments
    WHERE ${sql.identifier([column])} IS NOT NULL GROUP BY 1 ORDER BY 1`);
  return Object.fromEntries(
    (rows as Array<{ key: string; count: number }>).map((row) => [row.key, row.count]),
  );
};

export const paymentStats = async (q: Queryable): Promise<PaymentStats> => {
  const total = (await q.oneFirst(sql.unsafe`SELECT count(*)::int8 FROM payments`)) as number;
  return {
    total,
    byStatus: await countsBy(q, 'status'),
    byFinalStatus: await countsBy(q, 'final_status'),
    byErrCode: await countsBy(q, 'err_code'),
  };
};
