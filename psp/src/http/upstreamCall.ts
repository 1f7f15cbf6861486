/**
 * Synchronous HTTP over asynchronous messages (discover, validate, PIN): register a waiter under the
 * request's txn id, enqueue the request in one transaction, then wait for the response handler to hand
 * over the answer after its commit — or give up after the upstream timeout (504).
 */
import type { Tx } from '@switchyard/infra';
import { PspError } from '../errors.ts';
import type { AppDeps } from './appDeps.ts';

/**
 * @throws PspError PSP_ERR_TOO_MANY_IN_FLIGHT when too many requests already wait, PSP_ERR_UPSTREAM_TIMEOUT
 */
export const callUpstream = async <T>(
  deps: AppDeps,
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
  const answer = await waiter.wait(deps.limits.upstreamTimeoutMs);
  if (answer === undefined) {
    throw new PspError(
      'PSP_ERR_UPSTREAM_TIMEOUT',
      `no answer from the network within ${deps.limits.upstreamTimeoutMs} ms (txn ${txnId})`,
    );
  }
  return answer;
};

/** A FAILURE from the network as a 422 carrying the UPI code. */
export const declined = (what: string, errCode: string | undefined): PspError =>
  new PspError('PSP_ERR_UPSTREAM_DECLINED', `${what} declined${errCode ? ` (${errCode})` : ''}`, {
    upiCode: errCode ?? 'XB',
  });
