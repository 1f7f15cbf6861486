/**
 * ReqPay CREDIT (beneficiary bank): credit the payee once per txn id, answering RespPay CREDIT. Same shape
 * as the debit: claim the (txn, CREDIT) leg → lock the account → decide (pure) → post the journal →
 * record and send the answer. A credit leg closed by an earlier credit reversal (NC) answers XC.
 */
import { newApprovalNum, type ReqPayCredit } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { HandlerEntry } from '@switchyard/outbox';
import * as accountsDb from '../db/accountsDb.ts';
import * as ledgerDb from '../db/ledgerDb.ts';
import * as legsDb from '../db/legsDb.ts';
import { decideCredit } from '../domain/decideCredit.ts';
import { countAnswer } from './countAnswer.ts';
import type { HandlerDeps } from './handlerDeps.ts';
import { reply, respPayCredit, type LegAnswer } from './replies.ts';
import { storedAnswer } from './storedAnswer.ts';

const credit = async (tx: Tx, message: ReqPayCredit, now: Date): Promise<LegAnswer> => {
  const { txn, payee } = message;
  const amountMinor = message.amount.valueMinor;
  const account = await accountsDb.findCustomerAccount(tx, payee.ac.acNum, payee.ac.ifsc, { lock: true });
  const decision = decideCredit(account, { amountMinor });
  if (!decision.ok) {
    await legsDb.finishLeg(tx, txn.id, 'CREDIT', {
      status: 'DECLINED',
      respCode: decision.code,
      accountId: account?.id ?? null,
      addr: payee.addr,
      amountMinor,
      settAmountMinor: 0,
      approvalNum: null,
      journalId: null,
    });
    return { respCode: decision.code, settAmountMinor: 0, approvalNum: null, addr: payee.addr };
  }
  const settlementId = await accountsDb.internalAccountId(tx, 'UPI_SETTLEMENT');
  const journalId = await ledgerDb.postJournal(tx, {
    txnId: txn.id,
    leg: 'CREDIT',
    rrn: txn.custRef,
    now,
    movements: [
      { accountId: account!.id, amountMinor },
      { accountId: settlementId, amountMinor: -amountMinor },
    ],
  });
  const approvalNum = newApprovalNum();
  await legsDb.finishLeg(tx, txn.id, 'CREDIT', {
    status: 'DONE',
    respCode: '00',
    accountId: account!.id,
    addr: payee.addr,
    amountMinor,
    settAmountMinor: amountMinor,
    approvalNum,
    journalId: journalId ?? null,
  });
  return { respCode: '00', settAmountMinor: amountMinor, approvalNum, addr: payee.addr };
};

export const onReqPayCredit = (deps: HandlerDeps): HandlerEntry<'upi.ReqPay.CREDIT.v1'> => ({
  name: 'bank.onReqPayCredit',
  async handle(tx, message, context) {
    const now = deps.now();
    const txnId = message.txn.id;
    const claimed = await legsDb.claimLeg(tx, txnId, 'CREDIT', now);
    const answer = claimed
      ? await credit(tx, message, now)
      : await storedAnswer(tx, txnId, 'CREDIT', message.payee.addr);
    deps.log.info({ txnId, respCode: answer.respCode, repeated: !claimed }, 'credit answered');
    countAnswer(context, deps.participant, 'CREDIT', answer.respCode, !claimed);
    await reply(deps, tx, context, txnId, (head) => respPayCredit(message, answer, head));
  },
});
