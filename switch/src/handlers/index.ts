/** The switch's handler map: one entry per inbound message type; `name` is the inbox consumer name. */
import type { Handlers } from '@switchyard/outbox';
import type { HandlerDeps } from './handlerDeps.ts';
import { onReqChkTxn } from './onReqChkTxn.ts';
import { onReqListAccount, onRespListAccount } from './onListAccount.ts';
import { onReqPayPay } from './onReqPayPay.ts';
import { onReqSetCre, onRespSetCre } from './onSetCre.ts';
import { onRespAuthDetails } from './onRespAuthDetails.ts';
import { onRespPayLeg } from './onRespPayLeg.ts';
import { onRespTxnConfirmation } from './onRespTxnConfirmation.ts';
import { onReqValAdd, onRespValAdd } from './onValAdd.ts';
import { onTimeoutElapsed } from './onTimeoutElapsed.ts';

export const createHandlers = (deps: HandlerDeps): Handlers => {
  const leg = onRespPayLeg(deps);
  return {
    'upi.ReqPay.PAY.v1': { name: 'switch.onReqPayPay', handle: onReqPayPay(deps) },
    'upi.RespAuthDetails.v1': { name: 'switch.onRespAuthDetails', handle: onRespAuthDetails(deps) },
    'upi.RespPay.DEBIT.v1': { name: 'switch.onRespPayDebit', handle: leg },
    'upi.RespPay.CREDIT.v1': { name: 'switch.onRespPayCredit', handle: leg },
    'upi.RespPay.REVERSAL.v1': { name: 'switch.onRespPayReversal', handle: leg },
    'switch.TimeoutElapsed.v1': { name: 'switch.onTimeoutElapsed', handle: onTimeoutElapsed(deps) },
    'upi.RespTxnConfirmation.v1': {
      name: 'switch.onRespTxnConfirmation',
      handle: onRespTxnConfirmation(deps),
    },
    'upi.ReqChkTxn.v1': { name: 'switch.onReqChkTxn', handle: onReqChkTxn(deps) },
    'upi.ReqValAdd.v1': { name: 'switch.onReqValAdd', handle: onReqValAdd(deps) },
    'upi.RespValAdd.v1': { name: 'switch.onRespValAdd', handle: onRespValAdd(deps) },
    'upi.ReqListAccount.v1': { name: 'switch.onReqListAccount', handle: onReqListAccount(deps) },
    'upi.RespListAccount.v1': { name: 'switch.onRespListAccount', handle: onRespListAccount(deps) },
    'upi.ReqSetCre.v1': { name: 'switch.onReqSetCre', handle: onReqSetCre(deps) },
    'upi.RespSetCre.v1': { name: 'switch.onRespSetCre', handle: onRespSetCre(deps) },
  };
};
