/**
 * ReqListAccount: a PSP discovers the accounts a mobile number holds at this bank (account linking).
 * Read-only: names, numbers, type and whether a UPI PIN is set — never balances. No account → SUCCESS with
 * an empty list.
 */
import type { ListedAccount } from '@switchyard/contracts';
import type { HandlerEntry } from '@switchyard/outbox';
import * as accountsDb from '../db/accountsDb.ts';
import type { HandlerDeps } from './handlerDeps.ts';
import { reply, type ReplyDeps } from './replies.ts';

export type ListAccountDeps = ReplyDeps & Pick<HandlerDeps, 'log'>;

/** RespListAccount carries at most 20 accounts (contracts/src/messages/listAccount.ts). */
const LISTED_ACCOUNTS_MAX = 20;

export const onReqListAccount = (deps: ListAccountDeps): HandlerEntry<'upi.ReqListAccount.v1'> => ({
  name: 'bank.onReqListAccount',
  async handle(tx, message, context) {
    const accounts = await accountsDb.listAccountsByMobile(tx, message.link.mobile, LISTED_ACCOUNTS_MAX);
    const listed: ListedAccount[] = accounts.map((account) => ({
      acNum: account.acNum,
      ifsc: account.ifsc,
      name: account.holderName,
      acType: account.acType,
      pinSet: account.pin.verifier !== null,
    }));
    deps.log.info({ txnId: message.txn.id, accounts: listed.length }, 'accounts listed');
    await reply(deps, tx, context, message.txn.id, (head) => ({
      type: 'upi.RespListAccount.v1',
      head,
      txn: { id: message.txn.id },
      resp: { reqMsgId: message.head.msgId, result: 'SUCCESS' },
      accounts: listed,
    }));
  },
});
