import type { Log } from '@switchyard/infra';
import type { HandlerEntry } from '@switchyard/outbox';
import type { UpstreamWaiters } from '../runtime/upstreamWaiters.ts';

export type OnRespValAddDeps = { waiters: UpstreamWaiters; log: Log };

/**
 * upi.RespValAdd.v1: the answer to a payee validation one of our users is waiting for (POST
 * /v1/payees/validate). Nothing is stored: the waiting request gets it after commit, or nobody does.
 */
export const onRespValAdd = (deps: OnRespValAddDeps): HandlerEntry<'upi.RespValAdd.v1'> => ({
  name: 'psp.onRespValAdd',
  async handle(_tx, message, context) {
    context.afterCommit(() => {
      if (!deps.waiters.resolve(message.txn.id, message))
        deps.log.info({ txnId: message.txn.id }, 'RespValAdd after its waiter gave up');
    });
  },
});
