/**
 * The ingress of a push payment, POST /v1/payments (docs/upi.md §4 step 1). In order:
 *  1. Idempotency-Key already answered → replay that answer (same request) or 422 (different request).
 *  2. Validate (domain/decidePayment): amount, txn prefix, payee format, payer VPA is the user's own.
 *  3. Admission control: at most the adaptive limit (runtime/admission.ts, at most paymentsInFlightMax)
 *     of accepted-but-not-final payments, and at most paymentsInFlightPerUserMax of this user's, else 429
 *     with Retry-After.
 *  4. ONE transaction: idempotency row (first, so a concurrent twin waits on its key), payment row, ReqPay
 *     PAY in the outbox. Only then 202 — the relay publishes after commit.
 * Rejected requests change nothing: no row is written before step 4, and step 4 is all or nothing.
 */
import type { Creds } from '@switchyard/contracts';
import type { Db } from '@switchyard/infra';
import type { Outbox } from '@switchyard/outbox';
import {
  decidePayment,
  type PaymentCommand,
  type PaymentDecision,
  type PaymentRejection,
} from '../domain/decidePayment.ts';
import { reqPayFor } from '../domain/messages/reqPayFor.ts';
import { paymentView } from '../domain/paymentView.ts';
import { SWITCH, type Payment, type User } from '../domain/types.ts';
import { claimKey, findAnswer, type StoredAnswer } from '../db/idempotencyDb.ts';
import { insertOutgoingPayment } from '../db/paymentsDb.ts';
import { findVpa } from '../db/vpasDb.ts';
import { PspError, type PspErrorCode } from '../errors.ts';
import type { Admission } from '../runtime/admission.ts';
import type { StatusHub } from '../runtime/statusHub.ts';
import { requestFingerprint } from './requestFingerprint.ts';

export type AcceptPaymentDeps = {
  participant: string;
  txnPrefix: string;
  db: Db;
  outbox: Outbox;
  admission: Admission;
  hub: StatusHub;
  now: () => Date;
  newMessageId: () => string;
};
/** The payment as the client asked for it; `creds` is the PIN block sealed for the payer's bank. */
type PaymentRequest = PaymentCommand & { creds: Creds };
export type AcceptPaymentCommand = { user: User; idempotencyKey: string; request: PaymentRequest };

const rejections: Record<PaymentRejection, [PspErrorCode, string]> = {
  amount_invalid: [
    'PSP_ERR_AMOUNT_INVALID',
    'amount: a positive rupee amount with at most 2 decimals, e.g. "100.50"',
  ],
  txn_prefix: ['PSP_ERR_TXN_PREFIX', "txnId must start with this PSP's prefix"],
  payee_vpa_invalid: ['PSP_ERR_VPA_INVALID', 'payeeVpa is not a VPA'],
  payer_vpa_unknown: ['PSP_ERR_PAYER_VPA_UNKNOWN', 'payerVpa is not one of your VPAs'],
  same_vpa: ['PSP_ERR_SAME_VPA', 'payer and payee are the same VPA'],
};

/** What the client gets: a fresh answer, or the stored one replayed. */
export type PaymentAnswer = { statusCode: number; body: unknown; replayed: boolean };

const replay = (stored: StoredAnswer, fingerprint: Buffer): PaymentAnswer => {
  if (!stored.requestSha256.equals(fingerprint)) {
    throw new PspError(
      'PSP_ERR_IDEMPOTENCY_KEY_REUSED',
      'this Idempotency-Key was used for a different request',
    );
  }
  return { statusCode: stored.statusCode, body: stored.response, replayed: true };
};

type Accepted = { kind: 'accepted'; payment: Payment } | { kind: 'key_taken' };

const insertPayment = (
  deps: AcceptPaymentDeps,
  command: AcceptPaymentCommand,
  fingerprint: Buffer,
  decision: Extract<PaymentDecision, { ok: true }>,
): Promise<Accepted> => {
  const { user, idempotencyKey: key, request: body } = command;
  const messageId = deps.newMessageId();
  const message = reqPayFor({
    participant: deps.participant,
    messageId,
    now: deps.now(),
    txnId: body.txnId,
    user,
    payer: decision.payer,
    payeeVpa: decision.payeeVpa,
    amountMinor: decision.amountMinor,
    note: decision.note,
    creds: body.creds,
  });
  const answer = { txnId: body.txnId, status: 'PENDING' as const };
  return deps.db.transaction(async (tx): Promise<Accepted> => {
    if (
      !(await claimKey(tx, {
        userId: user.userId,
        key,
        requestSha256: fingerprint,
        statusCode: 202,
        response: answer,
      }))
    ) {
      return { kind: 'key_taken' };
    }
    const payment = await insertOutgoingPayment(tx, {
      txnId: body.txnId,
      userId: user.userId,
      payerVpa: decision.payer.vpa,
      payeeVpa: decision.payeeVpa,
      amountMinor: decision.amountMinor,
      note: decision.note,
      requestMessageId: message.head.msgId,
    });
    if (!payment) throw new PspError('PSP_ERR_TXN_ID_USED', `txn id ${body.txnId} was used already`);
    await deps.outbox.enqueue(tx, { recipient: SWITCH, message, messageId, correlationId: body.txnId });
    return { kind: 'accepted', payment };
  });
};

/**
 * Accepts a push payment (the steps above); 202 PENDING, or the stored answer of the same request.
 * @throws PspError PSP_ERR_IDEMPOTENCY_KEY_REUSED, PSP_ERR_AMOUNT_INVALID, PSP_ERR_TXN_PREFIX,
 *   PSP_ERR_VPA_INVALID, PSP_ERR_PAYER_VPA_UNKNOWN, PSP_ERR_SAME_VPA, PSP_ERR_TOO_MANY_IN_FLIGHT,
 *   PSP_ERR_TXN_ID_USED
 */
export const acceptPayment = async (
  deps: AcceptPaymentDeps,
  command: AcceptPaymentCommand,
): Promise<PaymentAnswer> => {
  const { user, idempotencyKey: key, request: body } = command;
  const fingerprint = requestFingerprint('POST', '/v1/payments', body);
  const stored = await findAnswer(deps.db.pool, user.userId, key);
  if (stored) return replay(stored, fingerprint);
  const payer = await findVpa(deps.db.pool, body.payerVpa);
  const decision = decidePayment(body, { userId: user.userId, txnPrefix: deps.txnPrefix, payer });
  if (!decision.ok) throw new PspError(...rejections[decision.reason]);
  const slot = deps.admission.tryAcquire(body.txnId, user.userId, deps.now().getTime());
  if (!slot.admitted) {
    throw new PspError(
      'PSP_ERR_TOO_MANY_IN_FLIGHT',
      slot.refusal === 'user'
        ? `you have ${deps.admission.perUserMax} payments in flight; retry once one is final`
        : `${deps.admission.limit()} payments are in flight, this PSP's limit now; retry later`,
      { retryAfterSeconds: 1 },
    );
  }
  let outcome: Accepted;
  try {
    outcome = await insertPayment(deps, command, fingerprint, decision);
  } catch (error) {
    if (slot.fresh) deps.admission.release(body.txnId);
    throw error;
  }
  if (outcome.kind === 'key_taken') {
    // A concurrent request with the same key committed first: answer as a replay of it.
    if (slot.fresh) deps.admission.release(body.txnId);
    return replay((await findAnswer(deps.db.pool, user.userId, key))!, fingerprint);
  }
  deps.hub.publish(user.userId, paymentView(outcome.payment));
  return { statusCode: 202, body: { txnId: body.txnId, status: 'PENDING' }, replayed: false };
};
