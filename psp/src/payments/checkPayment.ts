/**
 * Status checks (docs/upi.md §6.3): POST /v1/payments/:txnId/check for the user, and the background
 * checker for every payment still PENDING or DEEMED. Both go through sendStatusCheck: in one transaction
 * the payment is locked, the schedule decided (domain/statusCheck.ts), and — when it allows — a ReqChkTxn
 * enqueued for the switch and counted. The answer arrives as RespChkTxn (handlers/onRespChkTxn.ts).
 */
import { newTxnId } from '@switchyard/contracts';
import type { Db, Tx } from '@switchyard/infra';
import type { Outbox } from '@switchyard/outbox';
import { reqChkTxnFor } from '../domain/messages/reqChkTxnFor.ts';
import {
  decideStatusCheck,
  nextCheckAt,
  type CheckRefusal,
  type StatusCheckRules,
} from '../domain/statusCheck.ts';
import { SWITCH, type Payment, type PaymentRole } from '../domain/types.ts';
import { findPaymentForUser, lockPayment, recordStatusCheck } from '../db/paymentsDb.ts';
import { PspError } from '../errors.ts';

export type CheckPaymentDeps = {
  participant: string;
  txnPrefix: string;
  db: Db;
  outbox: Outbox;
  now: () => Date;
  newMessageId: () => string;
  statusChecks: StatusCheckRules;
};

export type CheckOutcome = {
  payment: Payment;
  sent: boolean;
  reason: CheckRefusal | undefined;
  nextCheckAt: Date | undefined;
};

/** Sends a ReqChkTxn for (txnId, role) if the schedule allows; undefined when there is no such payment. */
export const sendStatusCheck = async (
  deps: Omit<CheckPaymentDeps, 'db'>,
  tx: Tx,
  txnId: string,
  role: PaymentRole,
): Promise<CheckOutcome | undefined> => {
  const payment = await lockPayment(tx, txnId, role);
  if (payment === undefined) return undefined;
  const now = deps.now();
  const decision = decideStatusCheck(payment, now, deps.statusChecks);
  if (!decision.ok)
    return { payment, sent: false, reason: decision.reason, nextCheckAt: decision.nextCheckAt };
  const messageId = deps.newMessageId();
  const message = reqChkTxnFor({
    participant: deps.participant,
    messageId,
    now,
    txnId: newTxnId(deps.txnPrefix),
    orgTxnId: txnId,
    orgCreatedAt: payment.createdAt,
  });
  await deps.outbox.enqueue(tx, { recipient: SWITCH, message, messageId, correlationId: txnId });
  const counted = await recordStatusCheck(tx, txnId, role, now);
  return {
    payment: counted,
    sent: true,
    reason: undefined,
    nextCheckAt: nextCheckAt(counted, deps.statusChecks),
  };
};

/**
 * The user asks for a status check of one of their payments.
 * @throws PspError PSP_ERR_NOT_FOUND for a payment that is not the user's
 */
export const checkPayment = async (
  deps: CheckPaymentDeps,
  command: { userId: string; txnId: string },
): Promise<CheckOutcome> => {
  const found = await findPaymentForUser(deps.db.pool, command.txnId, command.userId);
  if (found === undefined) throw new PspError('PSP_ERR_NOT_FOUND', `no payment ${command.txnId}`);
  const outcome = await deps.db.transaction((tx) => sendStatusCheck(deps, tx, command.txnId, found.role));
  /* c8 ignore next - unreachable: payments are never deleted */
  if (outcome === undefined) throw new PspError('PSP_ERR_NOT_FOUND', `no payment ${command.txnId}`);
  return outcome;
};
