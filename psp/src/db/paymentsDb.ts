/** SQL for payments (PAYER rows we initiated, PAYEE rows we were told of) and their notices. */
import { sql } from 'slonik';
import type { LegRef } from '@switchyard/contracts';
import type { Queryable } from '@switchyard/infra';
import type { Payment, PaymentRole, PaymentStatus } from '../domain/types.ts';

type PaymentRow = {
  txn_id: string;
  role: PaymentRole;
  user_id: string;
  payer_vpa: string;
  payee_vpa: string;
  amount_minor: number;
  note: string;
  status: PaymentStatus;
  err_code: string | null;
  cust_ref: string | null;
  legs: LegRef[];
  request_message_id: string | null;
  created_at: Date;
  updated_at: Date;
  final_at: Date | null;
  status_checks: number;
  last_checked_at: Date | null;
};

const toPayment = (row: PaymentRow): Payment => ({
  txnId: row.txn_id,
  role: row.role,
  userId: row.user_id,
  payerVpa: row.payer_vpa,
  payeeVpa: row.payee_vpa,
  amountMinor: row.amount_minor,
  note: row.note,
  status: row.status,
  errCode: row.err_code ?? undefined,
  custRef: row.cust_ref ?? undefined,
  legs: typeof row.legs === 'string' ? (JSON.parse(row.legs) as LegRef[]) : row.legs,
  requestMessageId: row.request_message_id ?? undefined,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  finalAt: row.final_at ?? undefined,
  statusChecks: row.status_checks,
  lastCheckedAt: row.last_checked_at ?? undefined,
});

const COLUMNS = sql.fragment`txn_id, role, user_id, payer_vpa, payee_vpa, amount_minor, note, status, err_code,
  cust_ref, legs, request_message_id, created_at, updated_at, final_at, status_checks, last_checked_at`;

/** Inserts the PAYER row of a new payment; false when the txn id was already used. */
export const insertOutgoingPayment = async (
  db: Queryable,
  input: {
    txnId: string;
    userId: string;
    payerVpa: string;
    payeeVpa: string;
    amountMinor: number;
    note: string;
    requestMessageId: string;
  },
): Promise<Payment | undefined> => {
  const row = (await db.maybeOne(sql.unsafe`
    INSERT INTO payments (txn_id, role, user_id, payer_vpa, payee_vpa, amount_minor, note, status, request_message_id)
    VALUES (${input.txnId}, 'PAYER', ${input.userId}, ${input.payerVpa}, ${input.payeeVpa}, ${input.amountMinor},
            ${input.note}, 'PENDING', ${input.requestMessageId})
    ON CONFLICT (txn_id, role) DO NOTHING
    RETURNING ${COLUMNS}`)) as PaymentRow | null;
  return row ? toPayment(row) : undefined;
};

/** A payment of `userId` (the PAYER row first when the user is on both sides); undefined for anyone else's. */
export const findPaymentForUser = async (
  db: Queryable,
  txnId: string,
  userId: string,
): Promise<Payment | undefined> => {
  const row = (await db.maybeOne(sql.unsafe`
    SELECT ${COLUMNS} FROM payments WHERE txn_id = ${txnId} AND user_id = ${userId}
    ORDER BY role = 'PAYER' DESC LIMIT 1`)) as PaymentRow | null;
  return row ? toPayment(row) : undefined;
};

/** Both sides this PSP holds of a payment (PAYER first), whoever the user: for the operator's trace. */
export const findPaymentSides = async (db: Queryable, txnId: string): Promise<Payment[]> => {
  const rows = (await db.any(sql.unsafe`
    SELECT ${COLUMNS} FROM payments WHERE txn_id = ${txnId} ORDER BY role = 'PAYER' DESC`)) as readonly PaymentRow[];
  return rows.map(toPayment);
};

/** Locks one side of a payment (FOR UPDATE) for a handler that may change it. */
export const lockPayment = async (
  db: Queryable,
  txnId: string,
  role: PaymentRole,
): Promise<Payment | undefined> => {
  const row = (await db.maybeOne(sql.unsafe`
    SELECT ${COLUMNS} FROM payments WHERE txn_id = ${txnId} AND role = ${role} FOR UPDATE`)) as PaymentRow | null;
  return row ? toPayment(row) : undefined;
};

export type StatusChange = {
  status: PaymentStatus;
  errCode: string | undefined;
  legs: LegRef[];
  custRef: string | undefined;
};

/** Sets a payment's status; final_at is stamped when it becomes SUCCESS or FAILURE. */
export const updatePaymentStatus = async (
  db: Queryable,
  txnId: string,
  role: PaymentRole,
  change: StatusChange,
): Promise<Payment> => {
  const row = (await db.one(sql.unsafe`
    UPDATE payments
    SET status = ${change.status}, err_code = ${change.errCode ?? null}, legs = ${sql.jsonb(change.legs as never)},
        cust_ref = COALESCE(${change.custRef ?? null}, cust_ref), updated_at = now(),
        final_at = CASE WHEN ${change.status} IN ('SUCCESS', 'FAILURE') THEN now() ELSE final_at END
    WHERE txn_id = ${txnId} AND role = ${role}
    RETURNING ${COLUMNS}`)) as PaymentRow;
  return toPayment(row);
};

/** Records an incoming payment for our payee (ReqTxnConfirmation). */
export const insertIncomingPayment = async (
  db: Queryable,
  input: {
    txnId: string;
    userId: string;
    payerVpa: string;
    payeeVpa: string;
    amountMinor: number;
  } & StatusChange,
): Promise<Payment> => {
  const row = (await db.one(sql.unsafe`
    INSERT INTO payments (txn_id, role, user_id, payer_vpa, payee_vpa, amount_minor, status, err_code, cust_ref, legs, final_at)
    VALUES (${input.txnId}, 'PAYEE', ${input.userId}, ${input.payerVpa}, ${input.payeeVpa}, ${input.amountMinor},
            ${input.status}, ${input.errCode ?? null}, ${input.custRef ?? null}, ${sql.jsonb(input.legs as never)},
            CASE WHEN ${input.status} IN ('SUCCESS', 'FAILURE') THEN now() END)
    RETURNING ${COLUMNS}`)) as PaymentRow;
  return toPayment(row);
};

export type PageCursor = { createdAt: Date; txnId: string; role: PaymentRole };

/** One page of a user's payments, newest first (keyset pagination on created_at, txn_id, role). */
export const listPaymentsForUser = async (
  db: Queryable,
  userId: string,
  limit: number,
  after: PageCursor | undefined,
): Promise<Payment[]> => {
  const before = after
    ? sql.fragment`AND (created_at, txn_id, role) < (${after.createdAt.toISOString()}::timestamptz, ${after.txnId}, ${after.role})`
    : sql.fragment``;
  const rows = (await db.any(sql.unsafe`
    SELECT ${COLUMNS} FROM payments WHERE user_id = ${userId} ${before}
    ORDER BY created_at DESC, txn_id DESC, role DESC LIMIT ${limit}`)) as PaymentRow[];
  return rows.map(toPayment);
};

/** A response that did not change the payment, kept for audit (duplicate notice, late answer…). */
export const insertNotice = async (
  db: Queryable,
  input: {
    txnId: string;
    messageId: string;
    reason: string;
    requestMessageId: string;
    result: string;
    status: string;
    errCode: string | undefined;
  },
): Promise<void> => {
  await db.query(sql.unsafe`
    INSERT INTO payment_notices (txn_id, message_id, reason, request_message_id, result, status, err_code)
    VALUES (${input.txnId}, ${input.messageId}, ${input.reason}, ${input.requestMessageId}, ${input.result}, ${input.status}, ${input.errCode ?? null})`);
};

/** Our payments still PENDING and younger than `ageMsMax`: what admission control counts after a restart. */
export const listInFlightPayments = async (
  db: Queryable,
  ageMsMax: number,
): Promise<{ txnId: string; userId: string; createdAt: Date }[]> =>
  (
    (await db.any(sql.unsafe`
    SELECT txn_id, user_id, created_at FROM payments
    WHERE role = 'PAYER' AND status = 'PENDING' AND created_at > now() - ${ageMsMax} * interval '1 millisecond'
    ORDER BY created_at`)) as { txn_id: string; user_id: string; created_at: Date }[]
  ).map((row) => ({ txnId: row.txn_id, userId: row.user_id, createdAt: row.created_at }));

/** Payment rows per status (for /metrics). */
export const countPaymentsByStatus = async (
  db: Queryable,
): Promise<{ role: PaymentRole; status: PaymentStatus; count: number }[]> =>
  (await db.any(
    sql.unsafe`SELECT role, status, count(*)::int8 AS count FROM payments GROUP BY role, status`,
  )) as {
    role: PaymentRole;
    status: PaymentStatus;
    count: number;
  }[];

/** Counts one ReqChkTxn sent for (txnId, role); returns the payment after it. */
export const recordStatusCheck = async (
  db: Queryable,
  txnId: string,
  role: PaymentRole,
  at: Date,
): Promise<Payment> =>
  toPayment(
    (await db.one(sql.unsafe`
    UPDATE payments SET status_checks = status_checks + 1, last_checked_at = ${sql.timestamp(at)}
    WHERE txn_id = ${txnId} AND role = ${role}
    RETURNING ${COLUMNS}`)) as PaymentRow,
  );

/**
 * Our payments (PAYER) still PENDING or DEEMED whose next status check is due: the n-th check no earlier
 * than n × delayMinMs after the payment started, at most checksMax. Oldest first.
 */
export const listPaymentsDueForCheck = async (
  db: Queryable,
  rules: { delayMinMs: number; checksMax: number },
  now: Date,
  limit: number,
): Promise<Array<{ txnId: string; role: PaymentRole }>> =>
  (
    (await db.any(sql.unsafe`
    SELECT txn_id, role FROM payments
    WHERE role = 'PAYER' AND status IN ('PENDING', 'DEEMED') AND status_checks < ${rules.checksMax}
      AND created_at + (status_checks + 1) * ${rules.delayMinMs} * interval '1 millisecond' <= ${sql.timestamp(now)}
    ORDER BY created_at LIMIT ${limit}`)) as Array<{ txn_id: string; role: PaymentRole }>
  ).map((row) => ({ txnId: row.txn_id, role: row.role }));
