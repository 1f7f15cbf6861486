import type { RespValAdd } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { MessageContext } from '@switchyard/outbox';
import type { HandlerDeps } from './handlerDeps.ts';

/**
 * upi.RespValAdd.v1: the answer to a payee validation one of our users is waiting for (POST
 * /v1/payees/validate). Nothing is stored: the waiting request gets it after commit, or nobody does.
 */
export const onRespValAdd =
  (deps: HandlerDeps) =>
  async (_tx: Tx, message: RespValAdd, context: MessageContext): Promise<void> => {
    context.afterCommit(() => {
      if (!deps.waiters.resolve(message.txn.id, message))
        deps.log.info({ txnId: message.txn.id }, 'RespValAdd after its waiter gave up');
    });
  };
