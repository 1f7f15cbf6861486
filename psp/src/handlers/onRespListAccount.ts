import { PermanentError, type HandlerEntry } from '@switchyard/outbox';
import { upsertDiscoveredAccounts } from '../db/accountsDb.ts';
import { completeUpstreamRequest, lockUpstreamRequest } from '../db/upstreamRequestsDb.ts';
import type { UpstreamWaiters } from '../runtime/upstreamWaiters.ts';

export type OnRespListAccountDeps = { waiters: UpstreamWaiters };

/**
 * upi.RespListAccount.v1: the accounts the bank found for our user's mobile. They are remembered for the
 * user who asked (so a VPA can be linked even if the HTTP request timed out), then the waiter is told.
 * @throws PermanentError for an answer to a discovery we never sent
 */
export const onRespListAccount = (deps: OnRespListAccountDeps): HandlerEntry<'upi.RespListAccount.v1'> => ({
  name: 'psp.onRespListAccount',
  async handle(tx, message, context) {
    const request = await lockUpstreamRequest(tx, message.txn.id, 'LIST_ACCOUNT');
    if (request === undefined)
      throw new PermanentError('unknown_request', `RespListAccount for unknown txn ${message.txn.id}`);
    if (request.status !== 'PENDING') return; // answered already (a re-sent answer under a new message id)
    // Only accounts at the bank we asked: a bank answers for its own IFSCs.
    const accounts =
      message.resp.result === 'SUCCESS'
        ? message.accounts.filter((a) => a.ifsc.slice(0, 4) === request.ifsc.slice(0, 4))
        : [];
    await upsertDiscoveredAccounts(tx, request.userId, accounts);
    await completeUpstreamRequest(tx, request.txnId, message.resp.result, message.resp.errCode);
    context.afterCommit(() => {
      deps.waiters.resolve(message.txn.id, { ...message, accounts });
    });
  },
});
