import { declineClass, formatRupees } from '@switchyard/contracts';
import type { Payment, PaymentRole, PaymentStatus } from './types.ts';

export type LegView = {
  type: 'PAYER' | 'PAYEE';
  seqNum: number;
  addr: string;
  respCode: string;
  settAmount: string;
  approvalNum: string | null;
  declineClass: 'TD' | 'BD' | null;
};

/** A payment as the API and the WebSocket show it. Amounts are rupee strings again at this boundary. */
export type PaymentView = {
  txnId: string;
  role: PaymentRole;
  status: PaymentStatus;
  errCode: string | null;
  declineClass: 'TD' | 'BD' | null;
  payerVpa: string;
  payeeVpa: string;
  amount: string;
  amountMinor: number;
  note: string;
  custRef: string | null;
  legs: LegView[];
  createdAt: string;
  updatedAt: string;
  finalAt: string | null;
};

const classOrNull = (value: 'TD' | 'BD' | '-'): 'TD' | 'BD' | null => (value === '-' ? null : value);

/**
 * The view of a payment. The decline class (TD/BD) of a failed or deemed payment comes from its switch
 * code, or — when that is unclassed (U30, U31…) — from the first leg that was not approved.
 */
export const paymentView = (payment: Payment): PaymentView => {
  const failedLeg = payment.legs.find((leg) => leg.respCode !== '00');
  const settled = payment.status === 'PENDING' || payment.status === 'SUCCESS';
  return {
    txnId: payment.txnId,
    role: payment.role,
    status: payment.status,
    errCode: payment.errCode ?? null,
    declineClass: settled ? null : classOrNull(declineClass(payment.errCode, failedLeg?.respCode)),
    payerVpa: payment.payerVpa,
    payeeVpa: payment.payeeVpa,
    amount: formatRupees(payment.amountMinor),
    amountMinor: payment.amountMinor,
    note: payment.note,
    custRef: payment.custRef ?? null,
    legs: payment.legs.map((leg) => ({
      type: leg.type,
      seqNum: leg.seqNum,
      addr: leg.addr,
      respCode: leg.respCode,
      settAmount: formatRupees(leg.settAmountMinor),
      approvalNum: leg.approvalNum ?? null,
      declineClass: classOrNull(declineClass(leg.respCode)),
    })),
    createdAt: payment.createdAt.toISOString(),
    updatedAt: payment.updatedAt.toISOString(),
    finalAt: payment.finalAt?.toISOString() ?? null,
  };
};
