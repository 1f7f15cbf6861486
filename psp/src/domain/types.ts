/** The PSP's domain types: users, their linked accounts and VPAs, and payments seen from this PSP. */
import { Codes, type LegRef } from '@switchyard/contracts';

export type PaymentStatus = 'PENDING' | 'SUCCESS' | 'FAILURE' | 'DEEMED';
/** Which side of a payment this PSP's user is on: we initiated it (PAYER) or we were told of it (PAYEE). */
export type PaymentRole = 'PAYER' | 'PAYEE';

export type User = { userId: string; name: string; mobile: string; deviceId: string };

export type LinkedAccount = {
  userId: string;
  ifsc: string;
  acNum: string;
  name: string;
  acType: 'SAVINGS' | 'CURRENT';
  pinSet: boolean;
};

export type VpaRecord = {
  vpa: string;
  userId: string;
  ifsc: string;
  acNum: string;
  /** The verified name of the linked account holder, as the bank reported it. */
  accountName: string;
  createdAt: Date;
};

export type Payment = {
  txnId: string;
  role: PaymentRole;
  userId: string;
  payerVpa: string;
  payeeVpa: string;
  amountMinor: number;
  note: string;
  status: PaymentStatus;
  errCode: string | undefined;
  custRef: string | undefined;
  legs: LegRef[];
  /** Head.msgId of our ReqPay (PAYER rows): the final RespPay must answer exactly this message. */
  requestMessageId: string | undefined;
  createdAt: Date;
  updatedAt: Date;
  finalAt: Date | undefined;
  /** ReqChkTxn sent for this payment (docs/upi.md §6.3: at most 3) and when the last one went. */
  statusChecks: number;
  lastCheckedAt: Date | undefined;
};

export const isFinalStatus = (status: PaymentStatus): boolean => status === 'SUCCESS' || status === 'FAILURE';

/** What a payment ended with so far: its status and, for a FAILURE (or DEEMED), the code. */
export type PaymentOutcome = { status: PaymentStatus; errCode?: string | undefined };

/**
 * Whether a later final answer may still change what we hold: PENDING and DEEMED, and FAILURE U33 (the
 * debit's reversal failed: the switch goes on returning the money and answers again with the code it ends
 * with, U67/U31/U68/U34). SUCCESS and any other FAILURE never change.
 */
export const mayStillChange = (payment: PaymentOutcome): boolean =>
  !isFinalStatus(payment.status) ||
  (payment.status === 'FAILURE' && payment.errCode === Codes.DEBIT_REVERT_FAILED);

/** Every message the PSP sends goes to the switch (docs/upi.md §1: participants talk only through it). */
export const SWITCH = 'switch';
