/**
 * ReqPay DEBIT (remitter bank): verify the PIN and debit the payer, once per txn id, answering RespPay DEBIT.
 * One transaction: claim the (txn, DEBIT) leg → open creds → compare the PIN against an unlocked read →
 * lock the account → re-check under the lock → decide (pure) → store the PIN counter → post the journal → record and send
 * the answer. A repeated DEBIT (any message id) gets the stored answer and moves nothing.
 */
import type { ReqPayDebit } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { HandlerEntry } from '@switchyard/outbox';
import * as accountsDb from '../db/accountsDb.ts';
import * as legsDb from '../db/legsDb.ts';
import { dayStart } from '../domain/dayStart.ts';
import { decideDebit } from '../domain/decideDebit.ts';
import type { DebitRequest } from '../domain/debitRequest.ts';
import { precheckDebit } from '../domain/precheckDebit.ts';
import { approveLeg } from './approveLeg.ts';
import { declineLeg } from './declineLeg.ts';
import type { HandlerDeps } from './handlerDeps.ts';
import { respPayDebit } from './replies.ts';
import { runLeg, type LegDeps } from './runLeg.ts';
import { verifyPin } from './verifyPin.ts';

export type DebitDeps = LegDeps & Pick<HandlerDeps, 'readCreds' | 'pinHasher'>;

/*
 * scrypt costs milliseconds of CPU: it runs BEFORE the account row is locked, against an unlocked read, so
 * concurrent debits of one account queue only for the short ledger update, not for each other's PIN checks
 * (at 40 payments/s with the check under the lock, debits averaged 450 ms in the handler). Under the lock
 * the decision uses the locked row; the early result is reused only if the verifier is still the one it was
 * computed against (a PIN set or changed in between forces a check under the lock).
 */
const debit = async (
  deps: DebitDeps,
  tx: Tx,
  message: ReqPayDebit,
  now: Date,
): Promise<legsDb.LegOutcome> => {
  const { txn, payer } = message;
  const amountMinor = message.amount.valueMinor;
  const opened = deps.readCreds(payer.creds.data);
  if (!opened.ok) deps.log.info({ txnId: txn.id, reason: opened.reason }, 'creds could not be opened');
  const request: DebitRequest = {
    txnId: txn.id,
    amountMinor,
    credsType: payer.creds.type,
    creds: opened.ok ? opened.payload : undefined,
    debitedTodayMinor: 0,
  };
  const unlocked = await accountsDb.findCustomerAccount(tx, payer.ac.acNum, payer.ac.ifsc, { lock: false });
  const early = precheckDebit(unlocked, request, now);
  const earlyVerifier = unlocked?.pin.verifier ?? null;
  const earlyCorrect =
    early.ok && earlyVerifier !== null
      ? await verifyPin(deps, { pin: early.pin, verifier: earlyVerifier })
      : undefined;

  const account = await accountsDb.findCustomerAccount(tx, payer.ac.acNum, payer.ac.ifsc, { lock: true });
  if (account !== undefined)
    request.debitedTodayMinor = await legsDb.debitedSince(tx, account.id, dayStart(now));
  const precheck = precheckDebit(account, request, now);
  // scrypt decides only when the answer depends on it (never for a locked PIN or a replayed PIN block).
  if (precheck.ok) {
    request.pinCorrect =
      earlyCorrect !== undefined && account!.pin.verifier === earlyVerifier
        ? earlyCorrect
        : await verifyPin(deps, { pin: precheck.pin, verifier: account!.pin.verifier! });
  }
  const decision = decideDebit(account, request, now);
  if (account !== undefined && decision.pinUpdate !== undefined)
    await accountsDb.savePinState(tx, account.id, decision.pinUpdate);
  if (!decision.ok)
    return declineLeg(decision.code, { accountId: account?.id ?? null, addr: payer.addr, amountMinor });
  return approveLeg(tx, {
    leg: 'DEBIT',
    txnId: txn.id,
    rrn: txn.custRef,
    accountId: account!.id,
    amountMinor: decision.amountMinor,
    addr: payer.addr,
    now,
  });
};

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
