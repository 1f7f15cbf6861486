/**
 * Rebuilds every payment from its events (evolve) and compares with the `payments` table: the proof that
 * the current state is derived from the append-only log and nothing else. Batched by txn id (keyset).
 */
import { sql } from 'slonik';
import type { Queryable } from '@switchyard/infra';
import { foldEvents } from '../domain/evolve.ts';
import type { PaymentState } from '../domain/payment.ts';
import type { PaymentEvent } from '../domain/paymentEvents.ts';

export type RebuildMismatch = { txnId: string; field: string; stored: unknown; rebuilt: unknown };
export type RebuildReport = { checked: number; mismatches: RebuildMismatch[] };

const BATCH_SIZE_MAX = 500;
const MISMATCHES_MAX = 1_000;

/** JSON with sorted keys: jsonb does not keep key order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );

type Row = {
  txn_id: string;
  status: string;
  version: number;
  final_status: string | null;
  err_code: string | null;
  debited_minor: number;
  debit_reversed_minor: number;
  credited_minor: number;
  credit_reversed_minor: number;
  data: PaymentState;
  events: PaymentEvent[];
};

const compare = (row: Row): RebuildMismatch[] => {
  const rebuilt = foldEvents(row.events);
  const final = 'final' in rebuilt ? rebuilt.final : undefined;
  const money = rebuilt.status === 'NEW' ? undefined : rebuilt.payment.money;
  const expected: Record<string, unknown> = {
    version: row.events.length,
    status: rebuilt.status,
    final_status: final?.finalStatus ?? null,
    err_code: final?.errCode ?? null,
    debited_minor: money?.debitedMinor,
    debit_reversed_minor: money?.debitReversedMinor,
    credited_minor: money?.creditedMinor,
    credit_reversed_minor: money?.creditReversedMinor,
  };
  const mismatches: RebuildMismatch[] = [];
  for (const [field, value] of Object.entries(expected)) {
    const stored = row[field as keyof Row];
    if (stored !== value) mismatches.push({ txnId: row.txn_id, field, stored, rebuilt: value });
  }
  if (canonical(row.data) !== canonical(rebuilt))
    mismatches.push({ txnId: row.txn_id, field: 'data', stored: row.data, rebuilt });
  return mismatches;
};

export const rebuildAll = async (q: Queryable): Promise<RebuildReport> => {
  let checked = 0;
  const mismatches: RebuildMismatch[] = [];
  let after = '';
  for (;;) {
    const rows = (await q.any(sql.unsafe`
      SELECT p.txn_id, p.status, p.version, p.final_status, p.err_code, p.debited_minor, p.debit_reversed_minor,
        p.credited_minor, p.credit_reversed_minor, p.data,
        coalesce((SELECT jsonb_agg(e.data ORDER BY e.version) FROM payment_events e WHERE e.txn_id = p.txn_id), '[]') AS events
      FROM payments p WHERE p.txn_id > ${after} ORDER BY p.txn_id LIMIT ${BATCH_SIZE_MAX}`)) as Row[];
    for (const row of rows) {
      checked += 1;
      let found: RebuildMismatch[];
      try {
        found = compare(row);
      } catch (error) {
        found = [
          {
            txnId: row.txn_id,
            field: 'events',
            stored: row.events.length,
            rebuilt: (error as Error).message,
          },
        ];
      }
      mismatches.push(...found.slice(0, Math.max(0, MISMATCHES_MAX - mismatches.length)));
    }
    if (rows.length < BATCH_SIZE_MAX) break;
    after = rows[rows.length - 1].txn_id;
  }
  return { checked, mismatches };
};
