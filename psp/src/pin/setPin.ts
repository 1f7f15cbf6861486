import { newTxnId, type Creds, type RespSetCre } from '@switchyard/contracts';
import type { Outbox } from '@switchyard/outbox';
import { reqSetCreFor } from '../domain/messages/reqSetCreFor.ts';
import { SWITCH } from '../domain/types.ts';
import { insertUpstreamRequest } from '../db/upstreamRequestsDb.ts';
import { findVpa } from '../db/vpasDb.ts';
import { PspError } from '../errors.ts';
import { callUpstream, type UpstreamDeps } from '../upstream/callUpstream.ts';
import { declined } from '../upstream/declined.ts';

export type SetPinDeps = UpstreamDeps & {
  participant: string;
  txnPrefix: string;
  outbox: Outbox;
  now: () => Date;
  newMessageId: () => string;
};
/** `creds` is the PIN_SET / PIN_CHANGE block the client sealed for the bank; the PSP cannot open it. */
export type SetPinCommand = { userId: string; vpa: string; creds: Creds };

/**
 * Sets or changes the UPI PIN of the account behind one of the user's VPAs: ReqSetCre through the switch
 * to the bank, the creds block forwarded unchanged. On SUCCESS the response handler marks the account
 * PIN-set (even when this call has timed out by then). Returns the VPA as stored.
 * @throws PspError PSP_ERR_NOT_FOUND (not the user's VPA), PSP_ERR_UPSTREAM_DECLINED (e.g. ZM: wrong old
 *   PIN), PSP_ERR_UPSTREAM_TIMEOUT, PSP_ERR_TOO_MANY_IN_FLIGHT (too many waiting calls)
 */
export const setPin = async (deps: SetPinDeps, command: SetPinCommand): Promise<{ vpa: string }> => {
  const vpa = await findVpa(deps.db.pool, command.vpa);
  if (!vpa || vpa.userId !== command.userId) throw new PspError('PSP_ERR_NOT_FOUND', `no VPA ${command.vpa}`);
  const txnId = newTxnId(deps.txnPrefix);
  const messageId = deps.newMessageId();
  const message = reqSetCreFor({
    participant: deps.participant,
    messageId,
    now: deps.now(),
    txnId,
    vpa,
    creds: command.creds,
  });
  const answer = await callUpstream<RespSetCre>(deps, txnId, async (tx) => {
    await insertUpstreamRequest(tx, {
      txnId,
      kind: 'SET_CRE',
      userId: command.userId,
      requestMessageId: message.head.msgId,
      ifsc: vpa.ifsc,
      acNum: vpa.acNum,
    });
    await deps.outbox.enqueue(tx, { recipient: SWITCH, message, messageId, correlationId: txnId });
  });
  if (answer.resp.result !== 'SUCCESS') throw declined('PIN change', answer.resp.errCode);
  return { vpa: vpa.vpa };
};
