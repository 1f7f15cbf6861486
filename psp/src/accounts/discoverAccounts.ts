import { newTxnId, type ListedAccount, type RespListAccount } from '@switchyard/contracts';
import { bankForIfsc, type Network } from '@switchyard/infra';
import type { Outbox } from '@switchyard/outbox';
import { reqListAccountFor } from '../domain/messages/reqListAccountFor.ts';
import { SWITCH, type User } from '../domain/types.ts';
import { insertUpstreamRequest } from '../db/upstreamRequestsDb.ts';
import { PspError } from '../errors.ts';
import { callUpstream, type UpstreamDeps } from '../upstream/callUpstream.ts';
import { declined } from '../upstream/declined.ts';

export type DiscoverAccountsDeps = UpstreamDeps & {
  participant: string;
  txnPrefix: string;
  network: Network;
  outbox: Outbox;
  now: () => Date;
  newMessageId: () => string;
};
export type DiscoverAccountsCommand = { user: User; ifsc: string };

/**
 * ReqListAccount via the switch to the bank owning `ifsc`, by the user's mobile, and the accounts it
 * found. The upstream request row and the message leave in one transaction; the response handler
 * remembers the accounts for the user (even when this call has timed out by then).
 * @throws PspError PSP_ERR_BANK_UNKNOWN (no bank owns the IFSC), PSP_ERR_UPSTREAM_DECLINED,
 *   PSP_ERR_UPSTREAM_TIMEOUT, PSP_ERR_TOO_MANY_IN_FLIGHT (too many waiting calls)
 */
export const discoverAccounts = async (
  deps: DiscoverAccountsDeps,
  command: DiscoverAccountsCommand,
): Promise<ListedAccount[]> => {
  const { user, ifsc } = command;
  if (!bankForIfsc(deps.network, ifsc))
    throw new PspError('PSP_ERR_BANK_UNKNOWN', `no bank owns IFSC ${ifsc}`);
  const txnId = newTxnId(deps.txnPrefix);
  const messageId = deps.newMessageId();
  const message = reqListAccountFor({
    participant: deps.participant,
    messageId,
    now: deps.now(),
    txnId,
    mobile: user.mobile,
    ifsc,
  });
  const answer = await callUpstream<RespListAccount>(deps, txnId, async (tx) => {
    await insertUpstreamRequest(tx, {
      txnId,
      kind: 'LIST_ACCOUNT',
      userId: user.userId,
      requestMessageId: message.head.msgId,
      ifsc,
    });
    await deps.outbox.enqueue(tx, { recipient: SWITCH, message, messageId, correlationId: txnId });
  });
  if (answer.resp.result !== 'SUCCESS') throw declined('account discovery', answer.resp.errCode);
  return answer.accounts;
};
