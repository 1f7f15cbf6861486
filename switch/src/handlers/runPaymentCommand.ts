/**
 * The one shape every payment handler shares, inside the consumer's transaction (the inbox row is
 * already written): lock the payment row → decide → evolve → save state + events → take the PIN block if
 * the debit goes now → enqueue the messages → arm/cancel timers → metrics after commit. All of it commits
 * together or not at all; slonik may re-run it, so nothing here has an effect outside `tx`.
 */
import { type Creds } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import { PermanentError, type MessageContext } from '@switchyard/outbox';
import { decide } from '../domain/decide.ts';
import { effectsOf, needsCreds } from '../domain/effectsOf.ts';
import { evolve } from '../domain/evolve.ts';
import type { PaymentState } from '../domain/payment.ts';
import type { PaymentCommand, PaymentRejection } from '../domain/paymentCommands.ts';
import type { PaymentDecision } from '../domain/paymentDecision.ts';
import { storeCreds, takeCreds } from '../db/credsDb.ts';
import { lockPayment, savePayment, type StoredPayment } from '../db/paymentsDb.ts';
import { SwitchError } from '../errors.ts';
import { timerMsFor, type HandlerDeps } from './handlerDeps.ts';
import { recordPaymentMetrics } from '../metrics.ts';
import { feedBreakers } from './feedBreakers.ts';

export type RunOptions = {
  /** Builds the command from the locked state (e.g. to draw an RRN only when it can be used). */
  command: PaymentCommand | ((stored: StoredPayment) => Promise<PaymentCommand>);
  /** ReqPay only: the PIN block to keep until the debit is sent. */
  creds?: Creds;
};

/** Rejections that are normal races: dropped (acked) with a log line. Every other one can never succeed. */
const DROPPED: readonly PaymentRejection[] = ['timer_stale', 'response_already_received'];

/**
 * @throws PermanentError for a message that can never apply (unknown payment, wrong sender, a response
 * to a request never sent): the consumer dead-letters it with the rejection as reason. `duplicate_txn`
 * is returned for the caller to answer.
 */
export const runPaymentCommand = async (
  deps: HandlerDeps,
  tx: Tx,
  txnId: string,
  context: MessageContext,
  options: RunOptions,
): Promise<PaymentDecision> => {
  const stored = await lockPayment(tx, txnId);
  const command = typeof options.command === 'function' ? await options.command(stored) : options.command;
  const now = deps.now();
  const decision = decide(stored.state, command, now);
  if (!decision.ok) {
    if (decision.rejection === 'duplicate_txn') return decision;
    if (DROPPED.includes(decision.rejection)) {
      deps.log.info({ txnId, rejection: decision.rejection, type: context.type }, 'message changes nothing');
      return decision;
    }
    throw new PermanentError(
      decision.rejection,
      `${context.type} from ${context.sender} for ${txnId}: ${decision.rejection}`,
    );
  }
  const after = decision.events.reduce<PaymentState>(evolve, stored.state);
  await savePayment(tx, { txnId, before: stored, after, events: decision.events });
  const creds = await handleCreds(tx, txnId, stored.state, after, decision, options.creds);
  const effects = effectsOf(after, decision.events, {
    switchId: deps.switchId,
    now,
    newMessageId: deps.newMessageId,
    creds,
  });
  for (const outgoing of effects.messages) {
    await deps.outbox.enqueue(tx, { ...outgoing, correlationId: txnId, causationId: context.messageId });
  }
  // One statement for all of the command's timer changes (none when it changes none).
  await deps.deadlines.cancelAndArm(tx, {
    txnId,
    cancel: effects.cancel,
    arm: effects.arm.map((armed) => ({
      leg: armed.leg,
      dueAt: new Date(now.getTime() + timerMsFor(deps, armed.leg, armed.attempt)),
      legMessageId: armed.messageId,
      now,
    })),
  });
  context.afterCommit(() => {
    recordPaymentMetrics(decision.events, after);
    feedBreakers(deps.breakers, decision.events, after);
    const events = decision.events.map((event) => event.type);
    deps.log.info({ status: after.status, events }, `payment ${stored.state.status} → ${after.status}`);
  });
  return decision;
};

/**
 * The PIN block lives in payment_creds from ReqPay until the debit is sent, and never longer: it is taken
 * for the debit, or dropped when the payment ends before one.
 * @throws SwitchError SWITCH_ERR_CREDS_MISSING when the debit is due and the block is gone
 */
const handleCreds = async (
  tx: Tx,
  txnId: string,
  before: PaymentState,
  after: PaymentState,
  decision: PaymentDecision & { ok: true },
  creds: Creds | undefined,
): Promise<Creds | undefined> => {
  if (before.status === 'NEW') {
    if (after.status === 'AUTH_PENDING' && creds !== undefined) await storeCreds(tx, txnId, creds);
    return undefined;
  }
  if (before.status !== 'AUTH_PENDING' || after.status === 'AUTH_PENDING') return undefined;
  const taken = await takeCreds(tx, txnId);
  if (!needsCreds(decision.events)) return undefined;
  if (taken === undefined)
    throw new SwitchError('SWITCH_ERR_CREDS_MISSING', `payment ${txnId}: no PIN block for the debit`);
  return taken;
};
