/**
 * upi.ReqChkTxn.CREDIT.v1 (docs/upi.md §6.5.2): the switch asks whether the credit of a DEEMED payment
 * stands. As the beneficiary bank this is our TCC/RET decision, and it is final: the answer settles the
 * legs so that no message still queued can change it afterwards.
 * - No credit recorded → the CREDIT leg is closed (a late credit is refused, XC) → NC.
 * - Credit declined or closed → NC.
 * - Credit done and not reversed → the CREDIT_REVERSAL leg is closed with CS (a late reversal gets CS, the
 *   credit stands) → CS: TCC.
 * - Credit done and reversed → 00 (the credit reversal's own code); a reversal answered CS → CS.
 * Answers use the credit reversal's codes, so the switch reads them the same way. Nothing else is stored:
 * a repeated check finds the settled legs and answers the same.
 */
import { Codes } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { HandlerEntry } from '@switchyard/outbox';
import * as legsDb from '../db/legsDb.ts';
import { fallbackAddr } from './onReqPayReversal.ts';
import { reply, respChkTxnCredit, type LegAnswer } from './replies.ts';
import type { LegDeps } from './runLeg.ts';

const settleCredit = async (
  tx: Tx,
  txnId: string,
  now: Date,
): Promise<{ respCode: string; addr?: string; settledMinor: number }> => {
  if (await legsDb.closeLegIfAbsent(tx, txnId, 'CREDIT', 'XC', now))
    return { respCode: Codes.CREDIT_NOT_DONE, settledMinor: 0 };
  const credit = await legsDb.findLeg(tx, txnId, 'CREDIT');
  if (credit === undefined || credit.status !== 'DONE')
    return { respCode: Codes.CREDIT_NOT_DONE, addr: credit?.addr ?? undefined, settledMinor: 0 };
  const addr = credit.addr ?? undefined;
  if (await legsDb.closeLegIfAbsent(tx, txnId, 'CREDIT_REVERSAL', Codes.CREDIT_SUCCESS, now))
    return { respCode: Codes.CREDIT_SUCCESS, addr, settledMinor: credit.amountMinor ?? 0 };
  const reversal = await legsDb.findLeg(tx, txnId, 'CREDIT_REVERSAL');
  if (reversal?.status === 'DONE') return { respCode: Codes.APPROVED, addr, settledMinor: 0 };
  return {
    respCode: reversal?.respCode === Codes.CREDIT_SUCCESS ? Codes.CREDIT_SUCCESS : Codes.CREDIT_NOT_DONE,
    addr,
    settledMinor: reversal?.respCode === Codes.CREDIT_SUCCESS ? (credit.amountMinor ?? 0) : 0,
  };
};

export const onReqChkTxnCredit = (deps: LegDeps): HandlerEntry<'upi.ReqChkTxn.CREDIT.v1'> => ({
  name: 'bank.onReqChkTxnCredit',
  async handle(tx, message, context) {
    const settled = await settleCredit(tx, message.txn.orgTxnId, deps.now());
    const answer: LegAnswer = {
      respCode: settled.respCode,
      settAmountMinor: settled.settledMinor,
      approvalNum: null,
      addr: settled.addr ?? fallbackAddr(message),
    };
    deps.log.info({ txnId: message.txn.orgTxnId, respCode: answer.respCode }, 'credit check answered');
    await reply(deps, tx, context, message.txn.id, (head) => respChkTxnCredit(message, answer, head));
  },
});
