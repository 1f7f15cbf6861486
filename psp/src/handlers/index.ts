/** The PSP's message handlers: one per inbound message type (STYLE.md §3.4), keyed by type. */
import type { Handlers } from '@switchyard/outbox';
import type { HandlerDeps } from './handlerDeps.ts';
import { onReqAuthDetails } from './onReqAuthDetails.ts';
import { onReqTxnConfirmation } from './onReqTxnConfirmation.ts';
import { onReqValAdd } from './onReqValAdd.ts';
import { onRespListAccount } from './onRespListAccount.ts';
import { onRespPayPay } from './onRespPayPay.ts';
import { onRespSetCre } from './onRespSetCre.ts';
import { onRespValAdd } from './onRespValAdd.ts';

export type { HandlerDeps } from './handlerDeps.ts';

/** The handler map given to startMessaging(); `name` is the inbox consumer (stable across releases). */
export const createHandlers = (deps: HandlerDeps): Handlers => ({
  'upi.RespPay.PAY.v1': { name: 'psp.onRespPayPay', handle: onRespPayPay(deps) },
  'upi.ReqAuthDetails.v1': { name: 'psp.onReqAuthDetails', handle: onReqAuthDetails(deps) },
  'upi.ReqTxnConfirmation.v1': { name: 'psp.onReqTxnConfirmation', handle: onReqTxnConfirmation(deps) },
  'upi.ReqValAdd.v1': { name: 'psp.onReqValAdd', handle: onReqValAdd(deps) },
  'upi.RespValAdd.v1': { name: 'psp.onRespValAdd', handle: onRespValAdd(deps) },
  'upi.RespListAccount.v1': { name: 'psp.onRespListAccount', handle: onRespListAccount(deps) },
  'upi.RespSetCre.v1': { name: 'psp.onRespSetCre', handle: onRespSetCre(deps) },
});
