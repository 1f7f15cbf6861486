/** The switch's handler map: one entry per inbound message type; `name` is the inbox consumer name. */
import type { Handlers } from '@switchyard/outbox';
import type { HandlerDeps } from './handlerDeps.ts';
import { onReqChkTxn } from './onReqChkTxn.ts';
import { onReqListAccount } from './onReqListAccount.ts';
import { onReqOtp } from './onReqOtp.ts';
import { onReqPayPay } from './onReqPayPay.ts';
import { onReqSetCre } from './onReqSetCre.ts';
import { onReqValAdd } from './onReqValAdd.ts';
import { onRespAuthDetails } from './onRespAuthDetails.ts';
import { onRespListAccount } from './onRespListAccount.ts';
import { onRespOtp } from './onRespOtp.ts';
import { onRespPayCredit } from './onRespPayCredit.ts';
import { onRespPayDebit } from './onRespPayDebit.ts';
import { onRespPayReversal } from './onRespPayReversal.ts';
import { onRespSetCre } from './onRespSetCre.ts';
import { onRespTxnConfirmation } from './onRespTxnConfirmation.ts';
import { onRespValAdd } from './onRespValAdd.ts';
import { onTimeoutElapsed } from './onTimeoutElapsed.ts';
import { onRespChkTxnCredit } from './onRespChkTxnCredit.ts';
import { onRespAutoReversal } from './onRespAutoReversal.ts';

export const createHandlers = (deps: HandlerDeps): Handlers => ({
  'upi.ReqPay.PAY.v1': onReqPayPay(deps),
  'upi.RespAuthDetails.v1': onRespAuthDetails(deps),
  'upi.RespPay.DEBIT.v1': onRespPayDebit(deps),
  'upi.RespPay.CREDIT.v1': onRespPayCredit(deps),
  'upi.RespPay.REVERSAL.v1': onRespPayReversal(deps),
  'switch.TimeoutElapsed.v1': onTimeoutElapsed(deps),
  'upi.RespTxnConfirmation.v1': onRespTxnConfirmation(deps),
  'upi.ReqChkTxn.v1': onReqChkTxn(deps),
  'upi.ReqValAdd.v1': onReqValAdd(deps),
  'upi.RespValAdd.v1': onRespValAdd(deps),
  'upi.ReqListAccount.v1': onReqListAccount(deps),
  'upi.RespListAccount.v1': onRespListAccount(deps),
  'upi.ReqSetCre.v1': onReqSetCre(deps),
  'upi.RespSetCre.v1': onRespSetCre(deps),
  'upi.ReqOtp.v1': onReqOtp(deps),
  'upi.RespOtp.v1': onRespOtp(deps),
  'upi.RespChkTxn.CREDIT.v1': onRespChkTxnCredit(deps),
  'upi.RespAutoReversal.v1': onRespAutoReversal(deps),
});
