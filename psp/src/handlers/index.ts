/** The PSP's message handlers: one per inbound message type (docs/architecture.md §4.2), keyed by type. */
import type { Handlers } from '@switchyard/outbox';
import { onReqAuthDetails } from './onReqAuthDetails.ts';
import { onReqTxnConfirmation, type OnReqTxnConfirmationDeps } from './onReqTxnConfirmation.ts';
import { onReqValAdd } from './onReqValAdd.ts';
import { onRespListAccount, type OnRespListAccountDeps } from './onRespListAccount.ts';
import { onRespOtp, type OnRespOtpDeps } from './onRespOtp.ts';
import { onRespChkTxn } from './onRespChkTxn.ts';
import { onRespPayPay, type OnRespPayPayDeps } from './onRespPayPay.ts';
import { onRespSetCre, type OnRespSetCreDeps } from './onRespSetCre.ts';
import { onRespValAdd, type OnRespValAddDeps } from './onRespValAdd.ts';

/**
 * What the handlers are built from (main.ts, or a test): the union of what each one takes. The payee-side
 * answers (onReqAuthDetails, onReqValAdd) take ReplyDeps, which OnReqTxnConfirmationDeps includes.
 */
export type HandlerDeps = OnRespPayPayDeps &
  OnReqTxnConfirmationDeps &
  OnRespValAddDeps &
  OnRespListAccountDeps &
  OnRespSetCreDeps &
  OnRespOtpDeps;

/** The handler map given to startMessaging(); each entry's `name` is its inbox consumer (stable). */
export const createHandlers = (deps: HandlerDeps): Handlers => ({
  'upi.RespPay.PAY.v1': onRespPayPay(deps),
  'upi.ReqAuthDetails.v1': onReqAuthDetails(deps),
  'upi.ReqTxnConfirmation.v1': onReqTxnConfirmation(deps),
  'upi.ReqValAdd.v1': onReqValAdd(deps),
  'upi.RespValAdd.v1': onRespValAdd(deps),
  'upi.RespListAccount.v1': onRespListAccount(deps),
  'upi.RespSetCre.v1': onRespSetCre(deps),
  'upi.RespOtp.v1': onRespOtp(deps),
  'upi.RespChkTxn.v1': onRespChkTxn(deps),
});
