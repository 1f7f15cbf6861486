/**
 * The payments table (current state) and its append-only event log. A save writes the row and the new
 * events in the caller's transaction, guarded by the version and state read under the row lock.
 */
import { sql, type SerializableValue } from 'slonik';
import type { Queryable, Tx } from '@switchyard/infra';
import { isTerminal, type PaymentState } from '../domain/payment.ts';
import type { PaymentEvent } from '../domain/paymentEvents.ts';
import { SwitchError } from '../errors.ts';

export type StoredPayment = { state: PaymentState; version: number };

const NEW: StoredPayment = { state: { status: 'NEW' }, version: 0 };

type PaymentRow = { data: PaymentState; version: number };

const toStored = (row: unknown): StoredPayment => {
  const found = row as PaymentRow | null;
  return found === null ? NEW : { state: found.data, version: found.version };
};

/** Reads a payment and locks its row until the transaction ends; NEW (version 0) when there is none. */
export const lockPayment = async (tx: Tx, txnId: string): Promise<StoredPayment> =>
  toStored(
    await tx.maybeOne(sql.unsafe`SELECT data, version FROM payments WHERE txn_id = ${txnId} FOR UPDATE`),
  );

/** Reads a payment without locking. */
export const findPayment = async (q: Queryable, txnId: string): Promise<StoredPayment> =>
  toStored(await q.maybeOne(sql.unsafe`SELECT data, version FROM payments WHERE txn_id = ${txnId}`));

const columnsOf = (state: Exclude<PaymentState, { status: 'NEW' }>) => {
  const { payment } = state;
  const final = 'final' in state ? state.final : undefined;
  return {
    status: state.status,
    payeePsp: payment.payeePsp ?? null,
    remitterBank: payment.remitterBank ?? null,
    beneficiaryBank: payment.beneficiaryBank ?? null,
    rrn: payment.rrn ?? null,
    finalStatus: final?.finalStatus ?? null,
    errCode: final?.errCode ?? null,
    completedAt: final?.at ?? null,
    resolveBy: payment.resolveBy ?? null,
    data: sql.jsonb(state),
  };
};

/**
 * Writes the state after `events` and appends them.
 * @throws SwitchError SWITCH_ERR_CONCURRENT_UPDATE when the row no longer matches what was locked.
 */
export const savePayment = async (
  tx: Tx,
  input: { txnId: string; before: StoredPayment; after: PaymentState; events: readonly PaymentEvent[] },
): Promise<void> => {
  const { txnId, before, after, events } = input;
  if (after.status === 'NEW' || events.length === 0) return;
  if (!isTerminal(after.status) && !after.status.endsWith('_PENDING'))
    throw new Error(`payment ${txnId} left in transient ${after.status}`);
  const c = columnsOf(after);
  const { money } = after.payment;
  const version = before.version + events.length;
  const updatedAt = events[events.length - 1].at;
  const rows = events.map(
    (event, index) => sql.fragment`(${txnId}, ${before.version + index + 1}, ${event.type},
    ${event.at}::timestamptz, ${sql.jsonb(event as unknown as SerializableValue)})`,
  );
  // One round trip: the row and its events in one statement (Postgres runs every data-modifying WITH part;
  // the events' foreign key sees the row the same statement inserts). A row that no longer matches what was
  // locked is not written: the count says so, and the error rolls the events back with the transaction.
  const write =
    before.state.status === 'NEW'
      ? sql.fragment`
      INSERT INTO payments (txn_id, status, version, payer_psp, payee_psp, remitter_bank, beneficiary_bank, amount_minor, rrn,
        final_status, err_code, debited_minor, debit_reversed_minor, credited_minor, credit_reversed_minor, data,
        received_at, updated_at, completed_at, resolve_by)
      VALUES (${txnId}, ${c.status}, ${version}, ${after.payment.payerPsp}, ${c.payeePsp}, ${c.remitterBank}, ${c.beneficiaryBank},
        ${after.payment.amountMinor}, ${c.rrn}, ${c.finalStatus}, ${c.errCode}, ${money.debitedMinor}, ${money.debitReversedMinor},
        ${money.creditedMinor}, ${money.creditReversedMinor}, ${c.data}, ${after.payment.receivedAt}::timestamptz,
        ${updatedAt}::timestamptz, ${c.completedAt}::timestamptz, ${c.resolveBy}::timestamptz)
      RETURNING txn_id`
      : sql.fragment`
      UPDATE payments SET status = ${c.status}, version = ${version}, payee_psp = ${c.payeePsp}, remitter_bank = ${c.remitterBank},
        beneficiary_bank = ${c.beneficiaryBank}, rrn = ${c.rrn}, final_status = ${c.finalStatus}, err_code = ${c.errCode},
        debited_minor = ${money.debitedMinor}, debit_reversed_minor = ${money.debitReversedMinor},
        credited_minor = ${money.creditedMinor}, credit_reversed_minor = ${money.creditReversedMinor}, data = ${c.data},
        updated_at = ${updatedAt}::timestamptz, completed_at = ${c.completedAt}::timestamptz,
        resolve_by = ${c.resolveBy}::timestamptz
      WHERE txn_id = ${txnId} AND version = ${before.version} AND status = ${before.state.status}
      RETURNING txn_id`;
  const written = (await tx.oneFirst(sql.unsafe`
    WITH written AS (${write}),
    appended AS (
      INSERT INTO payment_events (txn_id, version, type, occurred_at, data) VALUES ${sql.join(rows, sql.fragment`, `)}
      RETURNING 1)
    SELECT count(*)::int8 FROM written`)) as number;
  if (written !== 1) {
    throw new SwitchError(
      'SWITCH_ERR_CONCURRENT_UPDATE',
      `payment ${txnId} changed under its lock (version ${before.version})`,
    );
  }
};

/**
 * A payment and its events as ONE snapshot (one statement): read apart, a commit landing between the two
 * reads gives a row older than its events (an operator view that contradicts itself).
 */
export const findPaymentWithEvents = async (
  q: Queryable,
  txnId: string,
): Promise<{ stored: StoredPayment; events: PaymentEvent[] }> => {
  const row = (await q.maybeOne(sql.unsafe`
    SELECT p.data, p.version,
      coalesce((SELECT json_agg(e.data ORDER BY e.version) FROM payment_events e WHERE e.txn_id = p.txn_id),
               '[]'::json) AS events
    FROM payments p WHERE p.txn_id = ${txnId}`)) as (PaymentRow & { events: PaymentEvent[] }) | null;
  return { stored: toStored(row), events: row?.events ?? [] };
};

/** A payment's events in order. */
export const paymentEvents = async (q: Queryable, txnId: string): Promise<PaymentEvent[]> => {
  const rows = await q.any(
    sql.unsafe`SELECT data FROM payment_events WHERE txn_id = ${txnId} ORDER BY version`,
  );
  return (rows as Array<{ data: PaymentEvent }>).map((row) => row.data);
};
