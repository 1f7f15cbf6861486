/**
 * The messages the switch sends for a payment, built from its state. Pure: ids and time are parameters.
 * Every message's head.msgId is its outbox message id.
 */
import {
  headFor,
  isoTimestamp,
  type Head,
  type ReqAuthDetails,
  type ReqPayCredit,
  type ReqPayDebit,
  type ReqPayReversal,
  type ReqAutoReversal,
  type ReqChkTxnCredit,
  type ReqTxnConfirmation,
  type RespPayFinal,
  type Creds,
} from '@switchyard/contracts';
import type { BankLegKind, Payment } from './payment.ts';
import type { FinalAnswer } from './finalAnswerOf.ts';

export type Stamp = { switchId: string; messageId: string; now: Date };

export const headOf = (stamp: Stamp): Head => headFor(stamp.switchId, stamp.messageId, stamp.now);

const amountOf = (payment: Payment) => ({ valueMinor: payment.amountMinor, curr: 'INR' as const });

const required = <T>(payment: Payment, value: T | undefined, what: string): T => {
  /* c8 ignore next - unreachable: the state machine only requests a leg once its inputs are known */
  if (value === undefined) throw new Error(`payment ${payment.txnId}: ${what} unknown`);
  return value;
};

export const reqAuthDetailsOf = (payment: Payment, stamp: Stamp): ReqAuthDetails => ({
  type: 'upi.ReqAuthDetails.v1',
  head: headOf(stamp),
  txn: { id: payment.txnId, ts: isoTimestamp(stamp.now), type: 'PAY' },
  payer: { addr: payment.payer.addr, name: payment.payer.name },
  payee: { addr: payment.payee.addr },
  amount: amountOf(payment),
});

export const reqPayDebitOf = (payment: Payment, creds: Creds, stamp: Stamp): ReqPayDebit => ({
  type: 'upi.ReqPay.DEBIT.v1',
  head: headOf(stamp),
  txn: {
    id: payment.txnId,
    ts: isoTimestamp(stamp.now),
    type: 'DEBIT',
    custRef: required(payment, payment.rrn, 'RRN'),
    note: payment.note,
  },
  payer: { addr: payment.payer.addr, name: payment.payer.name, ac: payment.payer.ac, creds },
  payee: { addr: payment.payee.addr, name: required(payment, payment.payee.name, 'payee name') },
  amount: amountOf(payment),
});

export const reqPayCreditOf = (payment: Payment, stamp: Stamp): ReqPayCredit => ({
  type: 'upi.ReqPay.CREDIT.v1',
  head: headOf(stamp),
  txn: {
    id: payment.txnId,
    ts: isoTimestamp(stamp.now),
    type: 'CREDIT',
    custRef: required(payment, payment.rrn, 'RRN'),
    note: payment.note,
  },
  payer: { addr: payment.payer.addr, name: payment.payer.name },
  payee: {
    addr: payment.payee.addr,
    name: required(payment, payment.payee.name, 'payee name'),
    ac: required(payment, payment.payee.ac, 'payee account'),
  },
  amount: amountOf(payment),
});

/** REVERSAL subType DEBIT goes to the payer's account, CREDIT to the payee's; same txn id, orgTxnId = it. */
export const reqPayReversalOf = (
  payment: Payment,
  leg: Extract<BankLegKind, 'DEBIT_REVERSAL' | 'CREDIT_REVERSAL'>,
  orgRespCode: string,
  stamp: Stamp,
): ReqPayReversal => ({
  type: 'upi.ReqPay.REVERSAL.v1',
  head: headOf(stamp),
  txn: {
    id: payment.txnId,
    ts: isoTimestamp(stamp.now),
    type: 'REVERSAL',
    subType: leg === 'DEBIT_REVERSAL' ? 'DEBIT' : 'CREDIT',
    custRef: required(payment, payment.rrn, 'RRN'),
    orgTxnId: payment.txnId,
    orgRespCode,
  },
  ac: leg === 'DEBIT_REVERSAL' ? payment.payer.ac : required(payment, payment.payee.ac, 'payee account'),
  amount: amountOf(payment),
});

/** Resolution: does the credit stand? Sent to the beneficiary bank for the payee's account. */
export const reqChkTxnCreditOf = (payment: Payment, stamp: Stamp): ReqChkTxnCredit => ({
  type: 'upi.ReqChkTxn.CREDIT.v1',
  head: headOf(stamp),
  txn: {
    id: payment.txnId,
    ts: isoTimestamp(stamp.now),
    type: 'ChkTxn',
    custRef: required(payment, payment.rrn, 'RRN'),
    orgTxnId: payment.txnId,
  },
  ac: required(payment, payment.payee.ac, 'payee account'),
  amount: amountOf(payment),
});

/** Resolution: the remitter bank must auto-reverse the debit of a payment that did not complete. */
export const reqAutoReversalOf = (payment: Payment, stamp: Stamp): ReqAutoReversal => ({
  type: 'upi.ReqAutoReversal.v1',
  head: headOf(stamp),
  txn: {
    id: payment.txnId,
    ts: isoTimestamp(stamp.now),
    type: 'REVERSAL',
    custRef: required(payment, payment.rrn, 'RRN'),
    orgTxnId: payment.txnId,
  },
  ac: payment.payer.ac,
  amount: amountOf(payment),
});

/** The final RespPay to the payer's PSP; reqMsgId is the ReqPay it answers (or, for U01, the duplicate). */
export const respPayFinalOf = (
  txnId: string,
  reqMsgId: string,
  answer: FinalAnswer,
  stamp: Stamp,
): RespPayFinal => {
  const message: RespPayFinal = {
    type: 'upi.RespPay.PAY.v1',
    head: headOf(stamp),
    txn: { id: txnId, type: 'PAY' },
    resp: { reqMsgId, result: answer.result, status: answer.status, refs: answer.refs },
  };
  if (answer.custRef !== undefined) message.txn.custRef = answer.custRef;
  if (answer.errCode !== undefined) message.resp.errCode = answer.errCode;
  return message;
};

export const reqTxnConfirmationOf = (
  payment: Payment,
  answer: FinalAnswer,
  stamp: Stamp,
): ReqTxnConfirmation => {
  const message: ReqTxnConfirmation = {
    type: 'upi.ReqTxnConfirmation.v1',
    head: headOf(stamp),
    txn: { id: payment.txnId, type: 'PAY' },
    payer: { addr: payment.payer.addr },
    payee: { addr: payment.payee.addr },
    amount: amountOf(payment),
    status: { result: answer.result, status: answer.status, refs: answer.refs },
  };
  if (answer.custRef !== undefined) message.txn.custRef = answer.custRef;
  if (answer.errCode !== undefined) message.status.errCode = answer.errCode;
  return message;
};
