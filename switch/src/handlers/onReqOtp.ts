/** upi.ReqOtp.v1 → the bank owning payer.ac.ifsc (no such bank → FAILURE U28 at once), like ReqSetCre. */
import type { HandlerEntry } from '@switchyard/outbox';
import { otpRefusalOf, reheaded } from '../domain/forwardMessages.ts';
import { SwitchCodes } from '../domain/switchCodes.ts';
import { forwardRequest } from './forwarding.ts';
import type { HandlerDeps } from './handlerDeps.ts';

export const onReqOtp = (deps: HandlerDeps): HandlerEntry<'upi.ReqOtp.v1'> => ({
  name: 'switch.onReqOtp',
  async handle(tx, message, context) {
    await forwardRequest(deps, tx, context, {
      kind: 'OTP',
      txnId: message.txn.id,
      orgId: message.head.orgId,
      requesterMessageId: message.head.msgId,
      payerAddr: message.payer.addr,
      target: deps.routes.bankForIfsc(message.payer.ac.ifsc),
      unroutableCode: SwitchCodes.REMITTER_BANK_UNAVAILABLE,
      forwarded: (stamp) => reheaded(message, stamp),
      refusal: (errCode, stamp) => otpRefusalOf(message, errCode, stamp),
    });
  },
});
