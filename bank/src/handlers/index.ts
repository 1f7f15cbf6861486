/** The bank's handlers, one per inbound message type (the consumer runner dispatches on `type`). */
import type { Handlers } from '@switchyard/outbox';
import type { HandlerDeps } from './handlerDeps.ts';
import { onReqListAccount } from './onReqListAccount.ts';
import { onReqOtp } from './onReqOtp.ts';
import { onReqPayCredit } from './onReqPayCredit.ts';
import { onReqPayDebit } from './onReqPayDebit.ts';
import { onReqPayReversal } from './onReqPayReversal.ts';
import { onReqSetCre } from './onReqSetCre.ts';
import { onReqAutoReversal } from './onReqAutoReversal.ts';
import { onReqChkTxnCredit } from './onReqChkTxnCredit.ts';

export type { HandlerDeps } from './handlerDeps.ts';

export const createHandlers = (deps: HandlerDeps): Handlers => ({
  'upi.ReqPay.DEBIT.v1': onReqPayDebit(deps),
  'upi.ReqPay.CREDIT.v1': onReqPayCredit(deps),
  'upi.ReqPay.REVERSAL.v1': onReqPayReversal(deps),
  'upi.ReqListAccount.v1': onReqListAccount(deps),
  'upi.ReqSetCre.v1': onReqSetCre(deps),
  'upi.ReqOtp.v1': onReqOtp(deps),
  'upi.ReqChkTxn.CREDIT.v1': onReqChkTxnCredit(deps),
  'upi.ReqAutoReversal.v1': onReqAutoReversal(deps),
});
