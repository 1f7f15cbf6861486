/**
 * ReqPay DEBIT (remitter bank): verify the PIN and debit the payer, once per txn id, answering RespPay DEBIT.
 * In the leg frame (runLeg.ts), an explicit pipeline: open creds → plan (pure: XH, YE, ZX, AM, Z6, XB, or
 * the PIN to compare) → verify the PIN against an unlocked read → lock the account and plan again → decide
 * (pure: ZM/Z6, Z8, ZU, Z9 or approved) → store the PIN counter → post the journal (approveLeg).
 */
import type { ReqPayDebit } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { HandlerEntry } from '@switchyard/outbox';
import * as accountsDb from '../db/accountsDb.ts';
import * as legsDb from '../db/legsDb.ts';
import { dayStart } from '../domain/dayStart.ts';
import type { DebitRequest } from '../domain/debitRequest.ts';
import { decideDebit } from '../domain/decideDebit.ts';
import { planDebit, type DebitPlan } from '../domain/planDebit.ts';
import { approveLeg } from './approveLeg.ts';
import { declineLeg } from './declineLeg.ts';
import type { HandlerDeps } from './handlerDeps.ts';
import { respPayDebit } from './replies.ts';
import { runLeg, type LegDeps } from './runLeg.ts';
import { verifyPin } from './verifyPin.ts';

export type DebitDeps = LegDeps & Pick<HandlerDeps, 'readCreds' | 'pinHasher'>;

/** A PIN comparison made before the lock, and the verifier it was made against. */
type EarlyPin = { verifier: string; correct: boolean };

const requestOf = (deps: DebitDeps, message: ReqPayDebit): DebitRequest => {
  const opened = deps.readCreds(message.payer.creds.data);
  if (!opened.ok)
    deps.log.info({ txnId: message.txn.id, reason: opened.reason }, 'creds could not be opened');
  return {
    txnId: message.txn.id,
    amountMinor: message.amount.valueMinor,
    credsType: message.payer.creds.type,
    creds: opened.ok ? opened.payload : undefined,
  };
};

/*
 * scrypt costs milliseconds of CPU: it runs BEFORE the account row is locked, against an unlocked read, so
 * concurrent debits of one account queue only for the short ledger update, not for each other's PIN checks
 * (at 40 payments/s with the check under the lock, debits averaged 450 ms in the handler). Nothing is
 * decided from this read: it only tells which PIN to compare with which verifier, if any (never for a
 * locked PIN or a replayed PIN block).
 */
const verifyEarly = async (
  deps: DebitDeps,
  tx: Tx,
  message: ReqPayDebit,
  request: DebitRequest,
  now: Date,
): Promise<EarlyPin | undefined> => {
  const { acNum, ifsc } = message.payer.ac;
  const unlocked = await accountsDb.findCustomerAccount(tx, acNum, ifsc, { lock: false });
  const plan = planDebit(unlocked, request, now);
  if (!plan.ok) return undefined;
  return { verifier: plan.pinCheck.verifier, correct: await verifyPin(deps, plan.pinCheck) };
};

/**
 * Under the lock the plan comes from the locked row; the early comparison is reused only if it was made
 * against the verifier the plan names (a PIN set or changed in between forces a check under the lock).
 */
const pinCorrectFor = async (deps: DebitDeps, plan: DebitPlan, early: EarlyPin | undefined) =>
  early?.verifier === plan.pinCheck.verifier ? early.correct : verifyPin(deps, plan.pinCheck);

const debit = async (
  deps: DebitDeps,
  tx: Tx,
  message: ReqPayDebit,
  now: Date,
): Promise<legsDb.LegOutcome> => {
  const { txn, payer } = message;
  const request = requestOf(deps, message);
  const early = await verifyEarly(deps, tx, message, request, now);
  const account = await accountsDb.findCustomerAccount(tx, payer.ac.acNum, payer.ac.ifsc, { lock: true });
  const plan = planDebit(account, request, now);
  const recorded = { accountId: account?.id ?? null, addr: payer.addr, amountMinor: request.amountMinor };
  if (!plan.ok) return declineLeg(plan.code, recorded);
  const pinCorrect = await pinCorrectFor(deps, plan, early);
  const debitedTodayMinor = await legsDb.debitedSince(tx, plan.account.id, dayStart(now));
  const decision = decideDebit(plan, { pinCorrect, debitedTodayMinor }, now);
  await accountsDb.savePinState(tx, plan.account.id, decision.pinUpdate);
  if (!decision.ok) return declineLeg(decision.code, recorded);
  return approveLeg(tx, {
    leg: 'DEBIT',
    txnId: txn.id,
    rrn: txn.custRef,
    accountId: decision.account.id,
    amountMinor: decision.amountMinor,
    addr: payer.addr,
    now,
  });
};

/** @throws nothing when built; `handle` throws what runLeg throws (the transaction rolls back, the message is retried). */
export const onReqPayDebit = (deps: DebitDeps): HandlerEntry<'upi.ReqPay.DEBIT.v1'> => ({
  name: 'bank.onReqPayDebit',
  async handle(tx, message, context) {
    await runLeg(deps, tx, context, {
      leg: 'DEBIT',
      txnId: message.txn.id,
      correlationId: message.txn.id,
      addr: message.payer.addr,
      outcome: (now) => debit(deps, tx, message, now),
      reply: (answer, head) => respPayDebit(message, answer, head),
    });
  },
});
