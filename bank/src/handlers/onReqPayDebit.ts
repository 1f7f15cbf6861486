/**
 * ReqPay DEBIT (remitter bank): verify the PIN and debit the payer, once per txn id, answering RespPay DEBIT.
 * One transaction: claim the (txn, DEBIT) leg → open creds → compare the PIN against an unlocked read →
 * lock the account → re-check under the lock → decide (pure) → store the PIN counter → post the journal → record and send
 * the answer. A repeated DEBIT (any message id) gets the stored answer and moves nothing.
 */
import { newApprovalNum, type ReqPayDebit } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { HandlerEntry } from '@switchyard/outbox';
import * as accountsDb from '../db/accountsDb.ts';
import * as ledgerDb from '../db/ledgerDb.ts';
import * as legsDb from '../db/legsDb.ts';
import { dayStart } from '../domain/dayStart.ts';
import { decideDebit } from '../domain/decideDebit.ts';
import type { DebitRequest } from '../domain/debitRequest.ts';
import { precheckDebit } from '../domain/precheckDebit.ts';
import { bankMetrics } from '../metrics.ts';
import { countAnswer } from './countAnswer.ts';
import type { HandlerDeps } from './handlerDeps.ts';
import { storedAnswer } from './storedAnswer.ts';
import { reply, respPayDebit, type LegAnswer } from './replies.ts';

/**
 * scrypt costs milliseconds of CPU: it runs BEFORE the account row is locked, against an unlocked read, so
 * concurrent debits of one account queue only for the short ledger update, not for each other's PIN checks
 * (at 40 payments/s with the check under the lock, debits averaged 450 ms in the handler). Under the lock
 * the decision uses the locked row; the early result is reused only if the verifier is still the one it was
 * computed against (a PIN set or changed in between forces a check under the lock).
 */
const verifyPin = async (deps: HandlerDeps, pin: string, verifier: string): Promise<boolean> => {
  const startedMs = performance.now();
  const correct = await deps.pinHasher.verify(pin, verifier);
  bankMetrics.pinVerifySeconds.observe(
    { participant: deps.participant },
    (performance.now() - startedMs) / 1000,
  );
  return correct;
};

const debit = async (deps: HandlerDeps, tx: Tx, message: ReqPayDebit, now: Date): Promise<LegAnswer> => {
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
    early.ok && earlyVerifier !== null ? await verifyPin(deps, early.pin, earlyVerifier) : undefined;

  const account = await accountsDb.findCustomerAccount(tx, payer.ac.acNum, payer.ac.ifsc, { lock: true });
  if (account !== undefined)
    request.debitedTodayMinor = await legsDb.debitedSince(tx, account.id, dayStart(now));
  const precheck = precheckDebit(account, request, now);
  // scrypt decides only when the answer depends on it (never for a locked PIN or a replayed PIN block).
  if (precheck.ok) {
    request.pinCorrect =
      earlyCorrect !== undefined && account!.pin.verifier === earlyVerifier
        ? earlyCorrect
        : await verifyPin(deps, precheck.pin, account!.pin.verifier!);
  }
  const decision = decideDebit(account, request, now);
  if (account !== undefined && decision.pinUpdate !== undefined)
    await accountsDb.savePinState(tx, account.id, decision.pinUpdate);
  if (!decision.ok) {
    const answer: LegAnswer = {
      respCode: decision.code,
      settAmountMinor: 0,
      approvalNum: null,
      addr: payer.addr,
    };
    await legsDb.finishLeg(tx, txn.id, 'DEBIT', {
      status: 'DECLINED',
      respCode: decision.code,
      accountId: account?.id ?? null,
      addr: payer.addr,
      amountMinor,
      settAmountMinor: 0,
      approvalNum: null,
      journalId: null,
    });
    return answer;
  }
  const settlementId = await accountsDb.internalAccountId(tx, 'UPI_SETTLEMENT');
  const journalId = await ledgerDb.postJournal(tx, {
    txnId: txn.id,
    leg: 'DEBIT',
    rrn: txn.custRef,
    now,
    movements: [
      { accountId: account!.id, amountMinor: -amountMinor },
      { accountId: settlementId, amountMinor },
    ],
  });
  const approvalNum = newApprovalNum();
  await legsDb.finishLeg(tx, txn.id, 'DEBIT', {
    status: 'DONE',
    respCode: '00',
    accountId: account!.id,
    addr: payer.addr,
    amountMinor,
    settAmountMinor: amountMinor,
    approvalNum,
    journalId: journalId ?? null,
  });
  return { respCode: '00', settAmountMinor: amountMinor, approvalNum, addr: payer.addr };
};

export const onReqPayDebit = (deps: HandlerDeps): HandlerEntry<'upi.ReqPay.DEBIT.v1'> => ({
  name: 'bank.onReqPayDebit',
  async handle(tx, message, context) {
    const now = deps.now();
    const txnId = message.txn.id;
    const claimed = await legsDb.claimLeg(tx, txnId, 'DEBIT', now);
    const answer = claimed
      ? await debit(deps, tx, message, now)
      : await storedAnswer(tx, txnId, 'DEBIT', message.payer.addr);
    deps.log.info({ txnId, respCode: answer.respCode, repeated: !claimed }, 'debit answered');
    countAnswer(context, deps.participant, 'DEBIT', answer.respCode, !claimed);
    await reply(deps, tx, context, txnId, (head) => respPayDebit(message, answer, head));
  },
});
