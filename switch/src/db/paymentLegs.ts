/**
 * Every payment with the money the switch believes each leg moved, for the network's money invariant (the
 * tools' check compares it with the banks' ledgers, payment by payment). Read straight from the database
 * on purpose: the check must work while the switch is down (after a kill -9).
 */
import { sql } from 'slonik';
import type { Queryable } from '@switchyard/infra';

export type PaymentLegs = {
  txnId: string;
  status: string;
  remitterBank: string | null;
  beneficiaryBank: string | null;
  amountMinor: number;
  updatedAt: Date;
  receivedAt: Date;
  /** An uncertain payment's window end (docs/upi.md §6.5); null for the others. */
  resolveBy: Date | null;
  debitedMinor: number;
  debitReversedMinor: number;
  creditedMinor: number;
  creditReversedMinor: number;
};

export const paymentLegs = async (q: Queryable): Promise<PaymentLegs[]> =>
  (await q.any(sql.unsafe`
    SELECT txn_id AS "txnId", status, remitter_bank AS "remitterBank", beneficiary_bank AS "beneficiaryBank",
      amount_minor AS "amountMinor", updated_at AS "updatedAt", received_at AS "receivedAt", resolve_by AS "resolveBy",
      debited_minor AS "debitedMinor", debit_reversed_minor AS "debitReversedMinor",
      credited_minor AS "creditedMinor", credit_reversed_minor AS "creditReversedMinor"
    FROM payments`)) as PaymentLegs[];
