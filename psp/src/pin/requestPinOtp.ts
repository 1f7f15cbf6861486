import { newTxnId, type RespOtp } from '@switchyard/contracts';
import type { Outbox } from '@switchyard/outbox';
import { reqOtpFor } from '../domain/messages/reqOtpFor.ts';
import { SWITCH, type User } from '../domain/types.ts';
import { findVpa } from '../db/vpasDb.ts';
import { PspError } from '../errors.ts';
import { callUpstream, type UpstreamDeps } from '../upstream/callUpstream.ts';
import { declined } from '../upstream/declined.ts';

export type RequestPinOtpDeps = UpstreamDeps & {
  participant: string;
  txnPrefix: string;
  outbox: Outbox;
  now: () => Date;
  newMessageId: () => string;
};
export type RequestPinOtpCommand = { user: User; vpa: string };

/**
 * Step 1 of setting a PIN with the debit card (UPI's ReqOtp): the account's bank sends a one-time code by
 * SMS to the mobile it has on record for the account — not to one the PSP names — and answers whether it
 * did. The code then goes, with the card details, into the PIN_SET creds block the app seals for the bank
 * (POST …/pin); the PSP never sees it. Nothing is stored here: the answer is for the waiting request.
 * Returns the VPA as stored and the number the code went to, masked.
 * @throws PspError PSP_ERR_NOT_FOUND (not the user's VPA), PSP_ERR_UPSTREAM_DECLINED (e.g. B1: the bank
 *   has another mobile for the account; Z6: the PIN is locked; ZT: PIN sets are locked),
 *   PSP_ERR_UPSTREAM_TIMEOUT, PSP_ERR_TOO_MANY_IN_FLIGHT
 */
export const requestPinOtp = async (
  deps: RequestPinOtpDeps,
  command: RequestPinOtpCommand,
): Promise<{ vpa: string; sentTo: string }> => {
  const vpa = await findVpa(deps.db.pool, command.vpa);
  if (!vpa || vpa.userId !== command.user.userId)
    throw new PspError('PSP_ERR_NOT_FOUND', `no VPA ${command.vpa}`);
  const txnId = newTxnId(deps.txnPrefix);
  const messageId = deps.newMessageId();
  const message = reqOtpFor({
    participant: deps.participant,
    messageId,
    now: deps.now(),
    txnId,
    user: command.user,
    vpa,
  });
  const answer = await callUpstream<RespOtp>(deps, txnId, async (tx) => {
    await deps.outbox.enqueue(tx, { recipient: SWITCH, message, messageId, correlationId: txnId });
  });
  if (answer.resp.result !== 'SUCCESS') throw declined('PIN set code', answer.resp.errCode);
  return { vpa: vpa.vpa, sentTo: `XXXXXX${command.user.mobile.slice(-4)}` };
};
