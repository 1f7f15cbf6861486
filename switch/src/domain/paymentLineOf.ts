/** One line of the operator's payment feed: who pays whom, how much, and how it ended so far. */
import { declineClass } from '@switchyard/contracts';
import { finalAnswerOf } from './finalAnswerOf.ts';
import type { PaymentState } from './payment.ts';

export type PaymentLine = {
  txnId: string;
  status: string;
  finalStatus: string | null;
  errCode: string | null;
  /** TD/BD of a payment that did not succeed (from its switch code, else its first declined leg). */
  declineClass: 'TD' | 'BD' | null;
  amountMinor: number;
  payerAddr: string;
  payeeAddr: string;
  payerPsp: string;
  payeePsp: string | null;
  remitterBank: string | null;
  beneficiaryBank: string | null;
  receivedAt: string;
  completedAt: string | null;
};

export const paymentLineOf = (state: Exclude<PaymentState, { status: 'NEW' }>): PaymentLine => {
  const { payment } = state;
  const final = 'final' in state ? state.final : undefined;
  const legCode = final
    ? finalAnswerOf(payment, final).refs.find((ref) => ref.respCode !== '00')?.respCode
    : undefined;
  const failed = final !== undefined && final.finalStatus !== 'SUCCESS';
  const klass = failed ? declineClass(final.errCode, legCode) : '-';
  return {
    txnId: payment.txnId,
    status: state.status,
    finalStatus: final?.finalStatus ?? null,
    errCode: final?.errCode ?? null,
    declineClass: klass === '-' ? null : klass,
    amountMinor: payment.amountMinor,
    payerAddr: payment.payer.addr,
    payeeAddr: payment.payee.addr,
    payerPsp: payment.payerPsp,
    payeePsp: payment.payeePsp ?? null,
    remitterBank: payment.remitterBank ?? null,
    beneficiaryBank: payment.beneficiaryBank ?? null,
    receivedAt: payment.receivedAt,
    completedAt: final?.at ?? null,
  };
};
