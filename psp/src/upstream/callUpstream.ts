/**
 * Synchronous HTTP over asynchronous messages (discover, validate, PIN): register a waiter under the
 * request's txn id, enqueue the request in one transaction, then wait for the response handler to hand
 * over the answer after its commit — or give up after the upstream timeout (504). The waiter is registered
 * BEFORE the request can leave, so an answer can never arrive before anyone listens for it.
 */
import type { Db, Tx } from '@switchyard/infra';
import { PspError } from '../errors.ts';
import type { UpstreamWaiters } from '../runtime/upstreamWaiters.ts';

export type UpstreamDeps = { db: Db; waiters: UpstreamWaiters; upstreamTimeoutMs: number };

/**
 * Runs `send` (which enqueues the request) in one transaction and waits for the answer to `txnId`.
 * @throws PspError PSP_ERR_TOO_MANY_IN_FLIGHT when too many requests already wait, PSP_ERR_UPSTREAM_TIMEOUT
 * @throws whatever `send` throws (the transaction is rolled back and the waiter forgotten)
 */
export const callUpstream = async <T>(
  deps: UpstreamDeps,
  txnId: string,
  send: (tx: Tx) => Promise<void>,
): Promise<T> => {
  const waiter = deps.waiters.register<T>(txnId);
  if (!waiter)
    throw new PspError('PSP_ERR_TOO_MANY_IN_FLIGHT', 'too many requests are waiting for the network', {
      retryAfterSeconds: 1,
    });
  try {
    await deps.db.transaction(send);
  } catch (error) {
    waiter.cancel();
    throw error;
  }
  const answer = await waiter.wait(deps.upstreamTimeoutMs);
  if (answer === undefined) {
    throw new PspError(
      'PSP_ERR_UPSTREAM_TIMEOUT',
      `no answer from the network within ${deps.upstreamTimeoutMs} ms (txn ${txnId})`,
    );
  }
  return answer;
};
