/**
 * The opaque page cursor of GET /v1/payments: the last row's sort key (createdAt, txnId, role) as
 * base64url JSON. Only cursors this API returned decode.
 */
import type { PaymentRole } from '../domain/types.ts';
import type { PageCursor } from '../db/paymentsDb.ts';
import { PspError } from '../errors.ts';

export const encodeCursor = (c: PageCursor): string =>
  Buffer.from(JSON.stringify([c.createdAt.toISOString(), c.txnId, c.role])).toString('base64url');

/** @throws PspError PSP_ERR_VALIDATION for anything this API did not return */
export const decodeCursor = (text: string): PageCursor => {
  try {
    const [createdAt, txnId, role] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [
      string,
      string,
      PaymentRole,
    ];
    const date = new Date(createdAt);
    if (Number.isNaN(date.getTime()) || typeof txnId !== 'string' || (role !== 'PAYER' && role !== 'PAYEE'))
      throw new Error('shape');
    return { createdAt: date, txnId, role };
  } catch (error) {
    throw new PspError('PSP_ERR_VALIDATION', 'querystring/cursor is not a cursor this API returned', {
      cause: error,
    });
  }
};
