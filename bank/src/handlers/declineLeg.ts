/** The outcome of a declined leg: nothing moved, so no journal, no approval number and a settled amount of 0. */
import type { LegOutcome } from '../db/legsDb.ts';

export type Declined = {
  /** The account the request named, when it exists here. */
  accountId: number | null;
  addr: string;
  /** The amount asked for (money legs), recorded for the operator's view. */
  amountMinor: number | null;
};

/** @throws nothing: a pure mapping to the row runLeg records. */
export const declineLeg = (respCode: string, declined: Declined): LegOutcome => ({
  status: 'DECLINED',
  respCode,
  accountId: declined.accountId,
  addr: declined.addr,
  amountMinor: declined.amountMinor,
  settAmountMinor: 0,
  approvalNum: null,
  journalId: null,
});
