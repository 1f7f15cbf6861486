/**
 * The frame every leg handler shares (DEBIT, CREDIT, REVERSAL, SET_CRE), inside the consumer's transaction
 * (the inbox row is already written): claim the (txn id, leg) row or replay the answer stored for it → for a
 * fresh claim, work out the outcome (decide, post the journal) → record it on the leg → log → count the
 * answer after commit → enqueue the reply to the request's sender.
 *
 * Idempotency per (txn id, leg), whatever the message id: a re-sent request finds the claimed row (waiting on
 * its primary key for a concurrent transaction to end) and gets the ORIGINAL answer, moving nothing. The row
 * is claimed and finished in one transaction, so PENDING is never visible. Everything happens in `tx`:
 * slonik may re-run the callback, so the only effect outside it (the metric) waits for the commit.
 */
import type { Head, Message } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { MessageContext } from '@switchyard/outbox';
import * as legsDb from '../db/legsDb.ts';
import type { LegKind } from '../domain/leg.ts';
import { bankMetrics } from '../metrics.ts';
import type { HandlerDeps } from './handlerDeps.ts';
import { reply, type LegAnswer } from './replies.ts';

export type LegDeps = Pick<HandlerDeps, 'participant' | 'outbox' | 'now' | 'log'>;

export type LegRun = {
  leg: LegKind;
  /** The txn id the leg is recorded under: the request's, or for a reversal the original's (orgTxnId). */
  txnId: string;
  /** The request's own txn id: the reply's correlation id and the log line's txnId. */
  correlationId: string;
  /** The VPA the answer names when the leg records none (a leg a reversal closed before it arrived). */
  addr: string;
  /** Fields the log line adds to leg, txnId, respCode and repeated. */
  logged?: Record<string, string>;
  /** Works out the outcome of a leg this transaction has just claimed; called at most once, never on a replay. */
  outcome: (now: Date) => Promise<legsDb.LegOutcome>;
  /** Builds the reply carrying the answer. */
  reply: (answer: LegAnswer, head: Head) => Message;
};

/**
 * Answers one leg once: claim-or-replay, record, log, count after commit, reply.
 * @throws whatever `run.outcome` or the database throws (the transaction rolls back, the message is retried);
 * Error when the leg is claimed elsewhere but not recorded (a bug: claims are finished in their transaction).
 */
export const runLeg = async (deps: LegDeps, tx: Tx, context: MessageContext, run: LegRun): Promise<void> => {
  const now = deps.now();
  const claimed = await legsDb.claimLeg(tx, run.txnId, run.leg, now);
  const answer = claimed ? await answerFresh(tx, run, now) : await storedAnswer(tx, run);
  deps.log.info(
    { ...run.logged, leg: run.leg, txnId: run.correlationId, respCode: answer.respCode, repeated: !claimed },
    'leg answered',
  );
  const labels = { participant: deps.participant, leg: run.leg, resp_code: answer.respCode };
  // Counted once committed: a rolled-back or re-run attempt counts nothing.
  context.afterCommit(() => bankMetrics.legAnswers.inc({ ...labels, repeated: String(!claimed) }));
  await reply(deps, tx, context, run.correlationId, (head) => run.reply(answer, head));
};

const answerFresh = async (tx: Tx, run: LegRun, now: Date): Promise<LegAnswer> => {
  const outcome = await run.outcome(now);
  await legsDb.finishLeg(tx, run.txnId, run.leg, outcome);
  return {
    respCode: outcome.respCode,
    settAmountMinor: outcome.settAmountMinor,
    approvalNum: outcome.approvalNum,
    addr: outcome.addr ?? run.addr,
  };
};

/**
 * The answer recorded for the leg, replayed to a repeated request (docs/upi.md §1: "answer the original
 * result").
 */
const storedAnswer = async (tx: Tx, run: LegRun): Promise<LegAnswer> => {
  const stored = await legsDb.findLeg(tx, run.txnId, run.leg);
  if (stored === undefined) throw new Error(`leg ${run.txnId}/${run.leg} claimed but not found`);
  return {
    respCode: stored.respCode,
    settAmountMinor: stored.settAmountMinor,
    approvalNum: stored.approvalNum,
    addr: stored.addr ?? run.addr,
  };
};
