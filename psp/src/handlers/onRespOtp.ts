import type { Log } from '@switchyard/infra';
import type { HandlerEntry } from '@switchyard/outbox';
import type { UpstreamWaiters } from '../runtime/upstreamWaiters.ts';

export type OnRespOtpDeps = { waiters: UpstreamWaiters; log: Log };

/**
 * upi.RespOtp.v1: whether the bank sent the PIN-set code a user is waiting for (POST …/pin/otp). Nothing
 * is stored: the waiting request gets it after commit, or nobody does.
 */
export const onRespOtp = (deps: OnRespOtpDeps): HandlerEntry<'upi.RespOtp.v1'> => ({
  name: 'psp.onRespOtp',
  async handle(_tx, message, context) {
    context.afterCommit(() => {
      if (!deps.waiters.resolve(message.txn.id, message))
        deps.log.info({ txnId: message.txn.id }, 'RespOtp after its waiter gave up');
    });
  },
});
