/**
 * The opaque page cursor of GET /v1/payments: the last row's sort key (createdAt, txnId, role) as
 * base64url JSON. Only cursors this API returned decode: each part is checked for the form it was written
 * in — a txn id, a role, and a timestamp as Date.toISOString() writes it, within the years Postgres and
 * the PSP can hold (an edited cursor with year 0000, -1 or +10000 is a 400, never a database error).
 */
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { TxnId } from '@switchyard/contracts';
import type { PageCursor } from '../db/paymentsDb.ts';
import { PspError } from '../errors.ts';

const YEAR_MIN = 2000;
const YEAR_MAX = 9999;

const CursorShape = Compile(
  Type.Tuple([
    Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$' }),
    TxnId,
    Type.Union([Type.Literal('PAYER'), Type.Literal('PAYEE')]),
  ]),
);

export const encodeCursor = (c: PageCursor): string =>
  Buffer.from(JSON.stringify([c.createdAt.toISOString(), c.txnId, c.role])).toString('base64url');

const refuse = (cause?: unknown): PspError =>
  new PspError('PSP_ERR_VALIDATION', 'querystring/cursor is not a cursor this API returned', { cause });

/** @throws PspError PSP_ERR_VALIDATION for anything this API did not return */
export const decodeCursor = (text: string): PageCursor => {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch (error) {
    throw refuse(error);
  }
  if (!CursorShape.Check(value)) throw refuse();
  const [createdAt, txnId, role] = value;
  const date = new Date(createdAt);
  const year = date.getUTCFullYear();
  // A real date written back as it came (no 2025-02-30), in range.
  if (Number.isNaN(date.getTime()) || date.toISOString() !== createdAt || year < YEAR_MIN || year > YEAR_MAX)
    throw refuse();
  return { createdAt: date, txnId, role };
};
