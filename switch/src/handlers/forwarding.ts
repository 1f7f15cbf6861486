/**
 * Relaying requests the switch does not own (ReqValAdd → payee PSP, ReqListAccount/ReqSetCre/ReqOtp → bank):
 * the requester is authenticated like a payment's initiator, the forward is remembered by txn id so the
 * answer finds its way back, and the answer must come from where the request went and cite it.
 * Every forward has a timer (SY_VALADD/LIST_ACCOUNT/SET_CRE_TIMEOUT_MS): when the far side is silent the
 * switch answers the requester itself with a UPI code — U93 (payee PSP not available) for ValAdd, U28
 * (the account's bank not available) for ListAccount and SetCre — and a late answer is dropped (U35).
 */
import { Codes, type ForwardKind, type Message, type TimeoutElapsed } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import { PermanentError, type MessageContext } from '@switchyard/outbox';
import { authoriseInitiator } from '../domain/authoriseInitiator.ts';
import type { Stamp } from '../domain/paymentMessages.ts';
import {
  listAccountRefusalOf,
  otpRefusalOf,
  setCreRefusalOf,
  valAddRefusalOf,
  type RequestRef,
} from '../domain/forwardMessages.ts';
import { SwitchCodes } from '../domain/switchCodes.ts';
import { lockForward, markAnswered, recordForward } from '../db/forwardsDb.ts';
import { switchMetrics } from '../metrics.ts';
import type { HandlerDeps } from './handlerDeps.ts';

const FORWARD_KINDS: readonly string[] = ['VALADD', 'LIST_ACCOUNT', 'SET_CRE', 'OTP'] satisfies ForwardKind[];
export const isForwardKind = (kind: string): kind is ForwardKind => FORWARD_KINDS.includes(kind);

/** What the switch answers when a forward's timer fires. */
const TIMED_OUT: Record<
  ForwardKind,
  { code: string; refusal: (request: RequestRef, errCode: string, stamp: Stamp) => Message }
> = {
  VALADD: { code: Codes.PAYEE_PSP_UNAVAILABLE, refusal: valAddRefusalOf },
  LIST_ACCOUNT: { code: Codes.REMITTER_BANK_UNAVAILABLE, refusal: listAccountRefusalOf },
  SET_CRE: { code: Codes.REMITTER_BANK_UNAVAILABLE, refusal: setCreRefusalOf },
  OTP: { code: Codes.REMITTER_BANK_UNAVAILABLE, refusal: otpRefusalOf },
};

export type ForwardRequest = {
  kind: ForwardKind;
  txnId: string;
  orgId: string;
  requesterMessageId: string;
  /** The payer VPA the requester must own the handle of, when the request names one. */
  payerAddr?: string;
  /** Where the request goes; undefined: no such PSP/bank → answered at once with `unroutableCode`. */
  target: string | undefined;
  unroutableCode: string;
  forwarded: (stamp: Stamp) => Message;
  refusal: (errCode: string, stamp: Stamp) => Message;
};

const stampOf = (deps: HandlerDeps): Stamp => ({
  switchId: deps.switchId,
  messageId: deps.newMessageId(),
  now: deps.now(),
});

/** @throws PermanentError when the requester may not send this request (dead-lettered with the reason) */
export const forwardRequest = async (
  deps: HandlerDeps,
  tx: Tx,
  context: MessageContext,
  request: ForwardRequest,
): Promise<void> => {
  const check = authoriseInitiator({
    sender: context.sender,
    orgId: request.orgId,
    txnId: request.txnId,
    senderPsp: deps.routes.psp(context.sender),
    requireHandle: request.payerAddr !== undefined,
    handleOwner: request.payerAddr !== undefined ? deps.routes.pspForVpa(request.payerAddr) : undefined,
  });
  if (!check.ok)
    throw new PermanentError(
      check.reason,
      `${context.type} ${request.txnId} from ${context.sender} refused: ${check.reason}`,
    );
  const common = { correlationId: request.txnId, causationId: context.messageId };
  const refuse = async (errCode: string): Promise<void> => {
    const stamp = stampOf(deps);
    await deps.outbox.enqueue(tx, {
      recipient: context.sender,
      message: request.refusal(errCode, stamp),
      messageId: stamp.messageId,
      ...common,
    });
  };
  if (request.target === undefined) return refuse(request.unroutableCode);
  const stamp = stampOf(deps);
  const forwarded = request.forwarded(stamp);
  const recorded = await recordForward(tx, {
    txnId: request.txnId,
    kind: request.kind,
    requester: context.sender,
    requesterMessageId: request.requesterMessageId,
    forwardedTo: request.target,
    forwardedMessageId: forwarded.head.msgId,
    createdAt: stamp.now,
  });
  if (!recorded) return refuse(SwitchCodes.DUPLICATE);
  await deps.outbox.enqueue(tx, {
    recipient: request.target,
    message: forwarded,
    messageId: stamp.messageId,
    ...common,
  });
  await deps.deadlines.arm(tx, {
    txnId: request.txnId,
    leg: request.kind,
    dueAt: new Date(stamp.now.getTime() + deps.forwardTimeoutsMs[request.kind]),
    legMessageId: forwarded.head.msgId,
    now: stamp.now,
  });
};

/**
 * A forward's timer fired: if it is still unanswered, the requester gets the kind's UPI code and the forward
 * counts as answered (a late answer is then dropped). A timer for an answered forward changes nothing.
 */
export const forwardTimedOut = async (
  deps: HandlerDeps,
  tx: Tx,
  context: MessageContext,
  timer: TimeoutElapsed & { leg: ForwardKind },
): Promise<void> => {
  const forward = await lockForward(tx, timer.txnId, timer.leg);
  if (
    forward === undefined ||
    forward.answeredAt !== undefined ||
    forward.forwardedMessageId !== timer.legMessageId
  ) {
    deps.log.info({ txnId: timer.txnId, kind: timer.leg }, 'forward timer stale: already answered');
    return;
  }
  const stamp = stampOf(deps);
  const { code, refusal } = TIMED_OUT[timer.leg];
  await markAnswered(tx, forward.txnId, forward.kind, stamp.now);
  await deps.outbox.enqueue(tx, {
    recipient: forward.requester,
    message: refusal(
      { txn: { id: forward.txnId }, head: { msgId: forward.requesterMessageId } },
      code,
      stamp,
    ),
    messageId: stamp.messageId,
    correlationId: forward.txnId,
    causationId: context.messageId,
  });
  deps.log.warn({ txnId: forward.txnId, kind: forward.kind, errCode: code }, 'forwarded request timed out');
  context.afterCommit(() => switchMetrics.forwardTimeoutsTotal.inc({ kind: forward.kind }));
};

export type ReturnAnswer = {
  kind: ForwardKind;
  txnId: string;
  requestMessageId: string;
  answer: (requesterMessageId: string, stamp: Stamp) => Message;
};

/**
 * Sends an answer back to whoever asked. A second answer to the same forward is dropped (U35).
 * @throws PermanentError for an answer to nothing the switch forwarded, from elsewhere, or citing another message
 */
export const returnAnswer = async (
  deps: HandlerDeps,
  tx: Tx,
  context: MessageContext,
  answer: ReturnAnswer,
): Promise<void> => {
  const forward = await lockForward(tx, answer.txnId, answer.kind);
  const refuse = (reason: string): never => {
    throw new PermanentError(reason, `${context.type} ${answer.txnId} from ${context.sender}: ${reason}`);
  };
  if (forward === undefined) return refuse('unknown_request');
  if (forward.forwardedTo !== context.sender) return refuse('wrong_sender');
  if (forward.forwardedMessageId !== answer.requestMessageId) return refuse('response_mismatch');
  if (forward.answeredAt !== undefined) {
    deps.log.info(
      { txnId: answer.txnId, kind: answer.kind },
      'second answer to a forwarded request dropped (U35)',
    );
    return;
  }
  const stamp = stampOf(deps);
  await markAnswered(tx, answer.txnId, answer.kind, stamp.now);
  await deps.deadlines.cancel(tx, answer.txnId, answer.kind);
  await deps.outbox.enqueue(tx, {
    recipient: forward.requester,
    message: answer.answer(forward.requesterMessageId, stamp),
    messageId: stamp.messageId,
    correlationId: answer.txnId,
    causationId: context.messageId,
  });
};
