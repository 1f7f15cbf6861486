/** The answer recorded for a leg, replayed to a repeated request (UPI.md §1: "answer the original result"). */
import type { Queryable } from '@switchyard/infra';
import * as legsDb from '../db/legsDb.ts';
import type { LegAnswer } from './replies.ts';

/**
 * @param addr the VPA to answer with when the stored leg has none (a leg closed by a reversal).
 * @throws Error when the leg is not recorded: only call it after claimLeg() returned false.
 */
export const storedAnswer = async (
  q: Queryable,
  txnId: string,
  leg: legsDb.LegKind,
  addr: string,
): Promise<LegAnswer> => {
  const stored = await legsDb.findLeg(q, txnId, leg);
  if (stored === undefined) throw new Error(`leg ${txnId}/${leg} claimed but not found`);
  return {
    respCode: stored.respCode,
    settAmountMinor: stored.settAmountMinor,
    approvalNum: stored.approvalNum,
    addr: stored.addr ?? addr,
  };
};
