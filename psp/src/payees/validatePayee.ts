import { isVpa, newTxnId, type RespValAdd } from '@switchyard/contracts';
import type { Outbox } from '@switchyard/outbox';
import { reqValAddFor } from '../domain/messages/reqValAddFor.ts';
import { SWITCH } from '../domain/types.ts';
import { listVpas } from '../db/vpasDb.ts';
import { PspError } from '../errors.ts';
import { callUpstream, type UpstreamDeps } from '../upstream/callUpstream.ts';
import { declined } from '../upstream/declined.ts';

export type ValidatePayeeDeps = UpstreamDeps & {
  participant: string;
  txnPrefix: string;
  outbox: Outbox;
  now: () => Date;
  newMessageId: () => string;
};
export type ValidatePayeeCommand = { userId: string; payeeVpa: string };
/** The payee as its PSP verified it. */
export type ValidatedPayee = { vpa: string; name: string; ifsc: string };

/**
 * Payee validation (docs/upi.md §4 step 0): ReqValAdd through the switch to the payee's PSP, on behalf of the
 * user's first VPA. Even our own VPAs go the network's way: one path, one behaviour. Nothing is stored.
 * @throws PspError PSP_ERR_VPA_INVALID, PSP_ERR_PAYER_VPA_UNKNOWN (the user has no VPA yet),
 *   PSP_ERR_UPSTREAM_DECLINED (e.g. ZH: no such VPA), PSP_ERR_UPSTREAM_TIMEOUT, PSP_ERR_TOO_MANY_IN_FLIGHT
 */
export const validatePayee = async (
  deps: ValidatePayeeDeps,
  command: ValidatePayeeCommand,
): Promise<ValidatedPayee> => {
  const { payeeVpa } = command;
  if (!isVpa(payeeVpa))
    throw new PspError('PSP_ERR_VPA_INVALID', 'not a VPA (username@handle, at most 255 characters)');
  const [payer] = await listVpas(deps.db.pool, command.userId);
  if (!payer)
    throw new PspError(
      'PSP_ERR_PAYER_VPA_UNKNOWN',
      'create a VPA first: validation is made on behalf of one',
    );
  const txnId = newTxnId(deps.txnPrefix);
  const messageId = deps.newMessageId();
  const message = reqValAddFor({
    participant: deps.participant,
    messageId,
    now: deps.now(),
    txnId,
    payerVpa: payer.vpa,
    payeeVpa,
  });
  const answer = await callUpstream<RespValAdd>(deps, txnId, async (tx) => {
    await deps.outbox.enqueue(tx, { recipient: SWITCH, message, messageId, correlationId: txnId });
  });
  if (answer.resp.result !== 'SUCCESS' || !answer.payee)
    throw declined('payee validation', answer.resp.errCode);
  return { vpa: answer.payee.addr, name: answer.payee.name, ifsc: answer.payee.ifsc };
};
