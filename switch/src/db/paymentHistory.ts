/**
 * History for the bench (tools/src/bench/history): copies of a finished payment — its `payments` row and
 * every row of its `payment_events` log — each under its own identity (txn id, RRN, approval numbers) and
 * time. A copy is the template's rows with those values substituted, so it is exactly what the switch
 * writes for such a payment, whatever the event shapes are today: inside the JSON the template's txn id,
 * RRN, approval numbers and message ids are replaced (message ids by ids derived from the copy's txn id),
 * and every timestamp — column or ISO string — moves by the copy's shift. The rows are copied by the
 * server (nothing large crosses the socket), with triggers off for the transaction (session_replication_
 * role = replica: the copies reference rows that exist and are appended, never updated); `make rebuild`
 * and the invariant check verify the result like any other payment.
 */
import { sql, type FragmentSqlToken } from 'slonik';
import type { Db, Queryable } from '@switchyard/infra';

/** One copy: its identity and how far its timestamps move from the template's. */
export type HistoryClone = {
  txnId: string;
  rrn: string;
  /** ms added to every timestamp of the template (negative: the past). */
  shiftMs: number;
  debitApprovalNum: string;
  creditApprovalNum: string;
};

/** A finished payment fit to be copied. */
export type HistoryTemplate = {
  txnId: string;
  receivedAt: Date;
  remitterBank: string;
  beneficiaryBank: string;
};

/** Successful payments, newest first, to copy as history. */
export const historyTemplates = async (q: Queryable, limit: number): Promise<HistoryTemplate[]> =>
  (await q.any(sql.unsafe`
    SELECT txn_id AS "txnId", received_at AS "receivedAt", remitter_bank AS "remitterBank",
      beneficiary_bank AS "beneficiaryBank"
    FROM payments WHERE status = 'SUCCESS' ORDER BY received_at DESC LIMIT ${limit}`)) as HistoryTemplate[];

const ISO_TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g;
const MESSAGE_ID = /\b[0-9A-HJKMNP-TV-Z]{26}\b/g;

type TemplateEvent = { type: string; leg?: string; approvalNum?: string };
type TemplateRows = { rrn: string | null; data: string; events: TemplateEvent[]; eventTexts: string[] };

const readTemplate = async (q: Queryable, txnId: string): Promise<TemplateRows> => {
  const row = (await q.one(sql.unsafe`
    SELECT p.rrn, p.data::text AS data,
      (SELECT coalesce(jsonb_agg(e.data::text ORDER BY e.version), '[]') FROM payment_events e WHERE e.txn_id = p.txn_id) AS events
    FROM payments p WHERE p.txn_id = ${txnId}`)) as { rrn: string | null; data: string; events: string[] };
  return { ...row, eventTexts: row.events, events: row.events.map((e) => JSON.parse(e) as TemplateEvent) };
};

/**
 * The JSON text of the template with every per-payment value replaced by the copy's (`c` = the copy's
 * columns: txn_id, rrn, shift_ms, debit_approval, credit_approval).
 */
const substituted = (column: FragmentSqlToken, template: TemplateRows, txnId: string): FragmentSqlToken => {
  const texts = [template.data, ...template.eventTexts].join('\n');
  let expression = sql.fragment`replace(${column}, ${txnId}, c.txn_id)`;
  if (template.rrn !== null)
    expression = sql.fragment`replace(${expression}, ${`"rrn": "${template.rrn}"`}, '"rrn": "' || c.rrn || '"')`;
  for (const event of template.events) {
    if (event.type !== 'LegAnswered' || event.approvalNum === undefined) continue;
    const approval = event.leg === 'DEBIT' ? sql.fragment`c.debit_approval` : sql.fragment`c.credit_approval`;
    expression = sql.fragment`replace(${expression}, ${`"approvalNum": "${event.approvalNum}"`}, '"approvalNum": "' || ${approval} || '"')`;
  }
  for (const messageId of new Set(texts.match(MESSAGE_ID) ?? [])) {
    expression = sql.fragment`replace(${expression}, ${messageId}, '0' || upper(substr(md5(c.txn_id || ${messageId}), 1, 25)))`;
  }
  for (const timestamp of new Set(texts.match(ISO_TIMESTAMP) ?? [])) {
    expression = sql.fragment`replace(${expression}, ${timestamp}, to_char((${timestamp}::timestamptz + c.shift_ms * interval '1 millisecond') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;
  }
  return expression;
};

/**
 * Inserts one copy of `templateTxnId` per clone, in one transaction. Returns the payments inserted.
 * @throws the Postgres error of a statement (e.g. a txn id that exists already): nothing is inserted
 */
export const insertPaymentHistory = async (
  db: Db,
  templateTxnId: string,
  clones: readonly HistoryClone[],
): Promise<number> => {
  const template = await readTemplate(db.pool, templateTxnId);
  const copies = sql.fragment`unnest(
      ${sql.array(
        clones.map((c) => c.txnId),
        'text',
      )}, ${sql.array(
        clones.map((c) => c.rrn),
        'text',
      )}, ${sql.array(
        clones.map((c) => c.shiftMs),
        'int8',
      )},
      ${sql.array(
        clones.map((c) => c.debitApprovalNum),
        'text',
      )}, ${sql.array(
        clones.map((c) => c.creditApprovalNum),
        'text',
      )}) AS c (txn_id, rrn, shift_ms, debit_approval, credit_approval)`;
  const shift = (column: FragmentSqlToken): FragmentSqlToken =>
    sql.fragment`${column} + c.shift_ms * interval '1 millisecond'`;
  return db.transaction(async (tx) => {
    await tx.query(sql.unsafe`SET LOCAL session_replication_role = replica`);
    const inserted = await tx.query(sql.unsafe`
      INSERT INTO payments (txn_id, status, version, payer_psp, payee_psp, remitter_bank, beneficiary_bank,
        amount_minor, rrn, final_status, err_code, debited_minor, debit_reversed_minor, credited_minor,
        credit_reversed_minor, data, received_at, updated_at, completed_at)
      SELECT c.txn_id, p.status, p.version, p.payer_psp, p.payee_psp, p.remitter_bank, p.beneficiary_bank,
        p.amount_minor, CASE WHEN p.rrn IS NULL THEN NULL ELSE c.rrn END, p.final_status, p.err_code,
        p.debited_minor, p.debit_reversed_minor, p.credited_minor, p.credit_reversed_minor,
        ${substituted(sql.fragment`p.data::text`, template, templateTxnId)}::jsonb,
        ${shift(sql.fragment`p.received_at`)}, ${shift(sql.fragment`p.updated_at`)}, ${shift(sql.fragment`p.completed_at`)}
      FROM payments p, ${copies} WHERE p.txn_id = ${templateTxnId}`);
    await tx.query(sql.unsafe`
      INSERT INTO payment_events (txn_id, version, type, occurred_at, data, recorded_at)
      SELECT c.txn_id, e.version, e.type, ${shift(sql.fragment`e.occurred_at`)},
        ${substituted(sql.fragment`e.data::text`, template, templateTxnId)}::jsonb, ${shift(sql.fragment`e.recorded_at`)}
      FROM payment_events e, ${copies} WHERE e.txn_id = ${templateTxnId}`);
    return inserted.rowCount;
  });
};
