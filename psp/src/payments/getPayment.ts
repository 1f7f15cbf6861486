import type { Db } from '@switchyard/infra';
import type { Payment } from '../domain/types.ts';
import { findPaymentForUser } from '../db/paymentsDb.ts';
import { PspError } from '../errors.ts';

export type GetPaymentDeps = { db: Db };
export type GetPaymentCommand = { userId: string; txnId: string };

/**
 * One payment of the user, as payer or payee.
 * @throws PspError PSP_ERR_NOT_FOUND when there is none — also for anyone else's txn id
 */
export const getPayment = async (deps: GetPaymentDeps, command: GetPaymentCommand): Promise<Payment> => {
  const payment = await findPaymentForUser(deps.db.pool, command.txnId, command.userId);
  if (!payment) throw new PspError('PSP_ERR_NOT_FOUND', `no payment ${command.txnId}`);
  return payment;
};
