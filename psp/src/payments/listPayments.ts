import type { Db } from '@switchyard/infra';
import type { Payment } from '../domain/types.ts';
import { listPaymentsForUser } from '../db/paymentsDb.ts';
import { decodeCursor, encodeCursor } from './paymentsCursor.ts';

const PAGE_SIZE_DEFAULT = 20;

export type ListPaymentsDeps = { db: Db; paymentsPageSizeMax: number };
/** `limit` defaults to 20 and is capped at paymentsPageSizeMax; `cursor` is a nextCursor we returned. */
export type ListPaymentsCommand = { userId: string; limit: number | undefined; cursor: string | undefined };
export type PageOfPayments = { payments: Payment[]; nextCursor: string | null };

/**
 * The user's payments as payer or payee, newest first, one page at a time. `nextCursor` is null on the
 * last page.
 * @throws PspError PSP_ERR_VALIDATION for a cursor this API did not return
 */
export const listPayments = async (
  deps: ListPaymentsDeps,
  command: ListPaymentsCommand,
): Promise<PageOfPayments> => {
  const limit = Math.min(command.limit ?? PAGE_SIZE_DEFAULT, deps.paymentsPageSizeMax);
  const after = command.cursor === undefined ? undefined : decodeCursor(command.cursor);
  const payments = await listPaymentsForUser(deps.db.pool, command.userId, limit, after);
  const last = payments.at(-1);
  return { payments, nextCursor: payments.length === limit && last ? encodeCursor(last) : null };
};
