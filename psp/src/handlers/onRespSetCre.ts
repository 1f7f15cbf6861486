import { PermanentError, type HandlerEntry } from '@switchyard/outbox';
import { markPinSet } from '../db/accountsDb.ts';
import { completeUpstreamRequest, lockUpstreamRequest } from '../db/upstreamRequestsDb.ts';
import type { UpstreamWaiters } from '../runtime/upstreamWaiters.ts';

export type OnRespSetCreDeps = { waiters: UpstreamWaiters };

/**
 * upi.RespSetCre.v1: the bank's answer to a PIN set/change. On SUCCESS the account is marked PIN-set.
 * @throws PermanentError for an answer to a request we never sent
 */
export const onRespSetCre = (deps: OnRespSetCreDeps): HandlerEntry<'upi.RespSetCre.v1'> => ({
  name: 'psp.onRespSetCre',
  async handle(tx, message, context) {
    const request = await lockUpstreamRequest(tx, message.txn.id, 'SET_CRE');
    if (request === undefined)
      throw new PermanentError('unknown_request', `RespSetCre for unknown txn ${message.txn.id}`);
    if (request.status !== 'PENDING') return;
    if (message.resp.result === 'SUCCESS' && request.acNum !== undefined) {
      await markPinSet(tx, request.userId, request.ifsc, request.acNum);
    }
    await completeUpstreamRequest(tx, request.txnId, message.resp.result, message.resp.errCode);
    context.afterCommit(() => {
      deps.waiters.resolve(message.txn.id, message);
    });
  },
});
