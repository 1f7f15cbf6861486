/**
 * ReqPay DEBIT (remitter bank): verify the PIN and debit the payer, once per txn id, answering RespPay DEBIT.
 * In the leg frame (runLeg.ts), an explicit pipeline: open creds → lock the account → plan (pure: XH, YE,
 * ZX, AM, Z6, XB, or the PIN to compare) → verify the PIN (an HMAC, microseconds: under the lock, with a
 * re-issued verifier stored in this transaction) → decide (pure: ZM/Z6, Z8, ZU, Z9 or approved) → store the
 * PIN counter → post the journal (approveLeg).
 */
import type { ReqPayDebit } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { HandlerEntry } from '@switchyard/outbox';
import * as accountsDb from '../db/accountsDb.ts';
import * as legsDb from '../db/legsDb.ts';
import { dayStart } from '../domain/dayStart.ts';
import type { DebitRequest } from '../domain/debitRequest.ts';
import { decideDebit } from '../domain/decideDebit.ts';
import { planDebit } from '../domain/planDebit.ts';
import { approveLeg } from './approveLeg.ts';
import { declineLeg } from './declineLeg.ts';
import type { HandlerDeps } from './handlerDeps.ts';
import { respPayDebit } from './replies.ts';
import { runLeg, type LegDeps } from './runLeg.ts';
import { verifyPin } from './verifyPin.ts';

export type DebitDeps = LegDeps & Pick<HandlerDeps, 'readCreds' | 'pinHasher'>;

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

const debit = async (
  deps: DebitDeps,
  tx: Tx,
  message: ReqPayDebit,
  now: Date,
): Promise<legsDb.LegOutcome> => {
  const { txn, payer } = message;
  const request = requestOf(deps, message);
  const account = await accountsDb.findCustomerAccount(tx, payer.ac.acNum, payer.ac.ifsc, { lock: true });
  const plan = planDebit(account, request, now);
  const recorded = { accountId: account?.id ?? null, addr: payer.addr, amountMinor: request.amountMinor };
  if (!plan.ok) return declineLeg(plan.code, recorded);
  const pinCorrect = await verifyPin(deps, tx, plan.account, plan.pinCheck);
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
