/**
 * Failure injection's `respond` for the bank (docs/failures.md): answer a money leg with a given code
 * without running the business logic — nothing is claimed, nothing moves, the reply is the one the handlers
 * build (replies.ts) with that respCode and a settled amount of 0. A later reversal of such a leg finds
 * nothing and answers ND/NC, as it would for a leg the bank declined.
 */
import type { FaultResponders } from '@switchyard/outbox';
import type { ReqPayCredit, ReqPayDebit, ReqPayReversal } from '@switchyard/contracts';
import { reply, respPayCredit, respPayDebit, respPayReversal, type ReplyDeps } from '../handlers/replies.ts';

const declined = (respCode: string, addr: string) => ({
  respCode,
  settAmountMinor: 0,
  approvalNum: null,
  addr,
});

/** The reversal answer names the reversed leg's account as an address (it carries no VPA). */
const reversalAddr = (message: ReqPayReversal): string =>
  `${message.ac.acNum}@${message.ac.ifsc.slice(0, 4).toLowerCase()}`;

export const bankResponders = (deps: ReplyDeps): FaultResponders => ({
  'upi.ReqPay.DEBIT.v1': async (tx, message, context, code) => {
    const request = message as ReqPayDebit;
    await reply(deps, tx, context, request.txn.id, (head) =>
      respPayDebit(request, declined(code, request.payer.addr), head),
    );
  },
  'upi.ReqPay.CREDIT.v1': async (tx, message, context, code) => {
    const request = message as ReqPayCredit;
    await reply(deps, tx, context, request.txn.id, (head) =>
      respPayCredit(request, declined(code, request.payee.addr), head),
    );
  },
  'upi.ReqPay.REVERSAL.v1': async (tx, message, context, code) => {
    const request = message as ReqPayReversal;
    await reply(deps, tx, context, request.txn.id, (head) =>
      respPayReversal(request, declined(code, reversalAddr(request)), head),
    );
  },
});
