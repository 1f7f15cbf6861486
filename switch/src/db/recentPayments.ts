/** The newest payments by arrival, for the operator's feed (GET /v1/payments). */
import { sql } from 'slonik';
import type { Queryable } from '@switchyard/infra';
import type { PaymentState } from '../domain/payment.ts';

/** A stored payment (never NEW) with its version. */
type RecentPayment = { state: Exclude<PaymentState, { status: 'NEW' }>; version: number };

/** At most `limit` payments, newest first (uses payments_received_at_idx). */
export const recentPayments = async (q: Queryable, limit: number): Promise<RecentPayment[]> => {
  const rows = (await q.any(sql.unsafe`
    SELECT data, version FROM payments ORDER BY received_at DESC, txn_id DESC LIMIT ${limit}`)) as ReadonlyArray<{
    data: RecentPayment['state'];
    version: number;
  }>;
  return rows.map((row) => ({ state: row.data, version: row.version }));
};
