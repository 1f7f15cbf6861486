/**
 * ReqSetCre: set (PIN_SET, with debit-card details and the one-time code of ReqOtp) or change (PIN_CHANGE,
 * with the old PIN) a UPI PIN. The creds block is sealed for this bank by the customer's app; only a new
 * verifier is stored. In the leg frame (runLeg.ts), leg SET_CRE: once per txn id, a repeat gets the stored
 * answer (a PIN change is not re-applied, no try counted twice). Pipeline: lock the account → plan (pure)
 * → compare the old PIN (PIN_CHANGE) or the code (PIN_SET, when the card matched) → decide (pure) → store
 * the new verifier, the try counters, and spend the code.
 */
import type { Head, ReqSetCre, RespSetCre } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { HandlerEntry } from '@switchyard/outbox';
import * as accountsDb from '../db/accountsDb.ts';
import type { LegOutcome } from '../db/legsDb.ts';
import * as otpsDb from '../db/otpsDb.ts';
import { decideSetCre, type SetCreComparisons, type SetCreDecision } from '../domain/decideSetCre.ts';
import { planSetCre, type SetCrePlan } from '../domain/planSetCre.ts';
import type { SetCreRequest } from '../domain/setCreRequest.ts';
import { subjectOf } from '../hsm/pinHasher.ts';
import { declineLeg } from './declineLeg.ts';
import type { HandlerDeps } from './handlerDeps.ts';
import type { LegAnswer } from './replies.ts';
import { runLeg, type LegDeps } from './runLeg.ts';
import { verifyPin } from './verifyPin.ts';

export type SetCreDeps = LegDeps & Pick<HandlerDeps, 'readCreds' | 'pinHasher'>;

const requestOf = async (
  deps: SetCreDeps,
  tx: Tx,
  message: ReqSetCre,
  accountId: number | undefined,
): Promise<SetCreRequest> => {
  const opened = deps.readCreds(message.payer.creds.data);
  if (!opened.ok)
    deps.log.info({ txnId: message.txn.id, reason: opened.reason }, 'creds could not be opened');
  return {
    credsType: message.payer.creds.type,
    acNum: message.payer.ac.acNum,
    creds: opened.ok ? opened.payload : undefined,
    otp: accountId === undefined ? undefined : await otpsDb.findOtp(tx, accountId),
  };
};

/** The secret comparisons the plan asks for (only those the answer depends on). */
const compare = async (deps: SetCreDeps, tx: Tx, plan: SetCrePlan): Promise<SetCreComparisons> => {
  if (plan.oldPinCheck !== undefined)
    return { oldPinCorrect: await verifyPin(deps, tx, plan.account, plan.oldPinCheck) };
  if (!plan.otpCheck.cardMatches) return {};
  // A code is spent once it is right: a verifier under an older key is not worth re-issuing.
  const { otp, verifier } = plan.otpCheck;
  return { otpCorrect: deps.pinHasher.verify(subjectOf(plan.account, 'OTP'), otp, verifier).correct };
};

/** Stores what a decision changes besides the PIN itself. */
const saveUpdates = async (tx: Tx, accountId: number, decision: SetCreDecision): Promise<void> => {
  if (decision.pinUpdate !== undefined) await accountsDb.savePinState(tx, accountId, decision.pinUpdate);
  if (decision.setCreUpdate !== undefined)
    await accountsDb.saveSetCreGuard(tx, accountId, decision.setCreUpdate);
  if (decision.spendOtp) await otpsDb.deleteOtp(tx, accountId);
};

const setCre = async (deps: SetCreDeps, tx: Tx, message: ReqSetCre, now: Date): Promise<LegOutcome> => {
  const { payer } = message;
  const account = await accountsDb.findCustomerAccount(tx, payer.ac.acNum, payer.ac.ifsc, { lock: true });
  const plan = planSetCre(account, await requestOf(deps, tx, message, account?.id), now);
  const recorded = { accountId: account?.id ?? null, addr: payer.addr, amountMinor: null };
  if (!plan.ok) return declineLeg(plan.code, recorded);
  const decision = decideSetCre(plan, await compare(deps, tx, plan), now);
  await saveUpdates(tx, plan.account.id, decision);
  if (!decision.ok) return declineLeg(decision.code, recorded);
  // The new verifier clears the PIN try counter; the PIN was not locked (planSetCre refuses that).
  const verifier = deps.pinHasher.hash(subjectOf(decision.account, 'PIN'), decision.newPin);
  await accountsDb.setPinVerifier(tx, decision.account.id, verifier);
  // A PIN set or change moves no money: DONE without a journal, nothing settled.
  return {
    status: 'DONE',
    respCode: '00',
    ...recorded,
    settAmountMinor: 0,
    approvalNum: null,
    journalId: null,
  };
};

const respSetCre = (message: ReqSetCre, answer: LegAnswer, head: Head): RespSetCre => ({
  type: 'upi.RespSetCre.v1',
  head,
  txn: { id: message.txn.id },
  resp:
    answer.respCode === '00'
      ? { reqMsgId: message.head.msgId, result: 'SUCCESS' }
      : { reqMsgId: message.head.msgId, result: 'FAILURE', errCode: answer.respCode },
});

/** @throws nothing when built; `handle` throws what runLeg throws (the transaction rolls back, the message is retried). */
export const onReqSetCre = (deps: SetCreDeps): HandlerEntry<'upi.ReqSetCre.v1'> => ({
  name: 'bank.onReqSetCre',
  async handle(tx, message, context) {
    await runLeg(deps, tx, context, {
      leg: 'SET_CRE',
      txnId: message.txn.id,
      correlationId: message.txn.id,
      addr: message.payer.addr,
      logged: { credsType: message.payer.creds.type },
      outcome: (now) => setCre(deps, tx, message, now),
      reply: (answer, head) => respSetCre(message, answer, head),
    });
  },
});
