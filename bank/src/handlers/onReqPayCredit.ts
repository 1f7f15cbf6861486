/**
 * ReqPay CREDIT (beneficiary bank): credit the payee once per txn id, answering RespPay CREDIT. In the leg
 * frame (runLeg.ts): lock the account → decide (pure) → post the journal. A credit leg closed by an earlier
 * credit reversal (NC) was recorded as XC, which runLeg replays.
 */
import type { ReqPayCredit } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { HandlerEntry } from '@switchyard/outbox';
import * as accountsDb from '../db/accountsDb.ts';
import type { LegOutcome } from '../db/legsDb.ts';
import { decideCredit } from '../domain/decideCredit.ts';
import { approveLeg } from './approveLeg.ts';
import { declineLeg } from './declineLeg.ts';
import { respPayCredit } from './replies.ts';
import { runLeg, type LegDeps } from './runLeg.ts';

export type CreditDeps = LegDeps;

const credit = async (tx: Tx, message: ReqPayCredit, now: Date): Promise<LegOutcome> => {
  const { txn, payee } = message;
  const amountMinor = message.amount.valueMinor;
  const account = await accountsDb.findCustomerAccount(tx, payee.ac.acNum, payee.ac.ifsc, { lock: true });
  const decision = decideCredit(account, { amountMinor });
  if (!decision.ok)
    return declineLeg(decision.code, { accountId: account?.id ?? null, addr: payee.addr, amountMinor });
  return approveLeg(tx, {
    leg: 'CREDIT',
    txnId: txn.id,
    rrn: txn.custRef,
    accountId: decision.account.id,
    amountMinor: decision.amountMinor,
    addr: payee.addr,
    now,
  });
};

/** @throws nothing when built; `handle` throws what runLeg throws (the transaction rolls back, the message is retried). */
export const onReqPayCredit = (deps: CreditDeps): HandlerEntry<'upi.ReqPay.CREDIT.v1'> => ({
  name: 'bank.onReqPayCredit',
  async handle(tx, message, context) {
    await runLeg(deps, tx, context, {
      leg: 'CREDIT',
      txnId: message.txn.id,
      correlationId: message.txn.id,
      addr: message.payee.addr,
      outcome: (now) => credit(tx, message, now),
      reply: (answer, head) => respPayCredit(message, answer, head),
    });
  },
});
