/**
 * ReqSetCre: set (PIN_SET, with debit-card details) or change (PIN_CHANGE, with the old PIN) a UPI PIN.
 * The creds block is sealed for this bank by the customer's app; only a new verifier is stored. In the leg
 * frame (runLeg.ts), leg SET_CRE: once per txn id, a repeat gets the stored answer (a PIN change is not
 * re-applied, no PIN try counted twice). Pipeline: lock the account → plan (pure) → compare the old PIN
 * (PIN_CHANGE) → decide (pure) → store the new verifier or the try counter.
 */
import type { Head, ReqSetCre, RespSetCre } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { HandlerEntry } from '@switchyard/outbox';
import * as accountsDb from '../db/accountsDb.ts';
import type { LegOutcome } from '../db/legsDb.ts';
import { decideSetCre } from '../domain/decideSetCre.ts';
import { planSetCre } from '../domain/planSetCre.ts';
import type { SetCreRequest } from '../domain/setCreRequest.ts';
import { declineLeg } from './declineLeg.ts';
import type { HandlerDeps } from './handlerDeps.ts';
import type { LegAnswer } from './replies.ts';
import { runLeg, type LegDeps } from './runLeg.ts';

export type SetCreDeps = LegDeps & Pick<HandlerDeps, 'readCreds' | 'pinHasher'>;

const requestOf = (deps: SetCreDeps, message: ReqSetCre): SetCreRequest => {
  const opened = deps.readCreds(message.payer.creds.data);
  if (!opened.ok)
    deps.log.info({ txnId: message.txn.id, reason: opened.reason }, 'creds could not be opened');
  return {
    credsType: message.payer.creds.type,
    acNum: message.payer.ac.acNum,
    creds: opened.ok ? opened.payload : undefined,
  };
};

const setCre = async (deps: SetCreDeps, tx: Tx, message: ReqSetCre, now: Date): Promise<LegOutcome> => {
  const { payer } = message;
  const account = await accountsDb.findCustomerAccount(tx, payer.ac.acNum, payer.ac.ifsc, { lock: true });
  const plan = planSetCre(account, requestOf(deps, message), now);
  const recorded = { accountId: account?.id ?? null, addr: payer.addr, amountMinor: null };
  if (!plan.ok) return declineLeg(plan.code, recorded);
  const check = plan.oldPinCheck;
  const oldPinCorrect =
    check === undefined ? undefined : await deps.pinHasher.verify(check.pin, check.verifier);
  const decision = decideSetCre(plan, oldPinCorrect, now);
  if (!decision.ok) {
    await accountsDb.savePinState(tx, plan.account.id, decision.pinUpdate);
    return declineLeg(decision.code, recorded);
  }
  // The new verifier clears the try counter and any lock (decision.pinUpdate) in the same statement.
  await accountsDb.setPinVerifier(tx, decision.account.id, await deps.pinHasher.hash(decision.newPin));
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
