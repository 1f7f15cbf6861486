/**
 * ReqSetCre: set (PIN_SET, with debit-card details) or change (PIN_CHANGE, with the old PIN) a UPI PIN.
 * The creds block is sealed for this bank by the customer's app; only a new verifier is stored. Once per
 * txn id: a repeat gets the stored answer (a PIN change is not re-applied, no PIN try counted twice).
 */
import type { ReqSetCre } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { HandlerEntry } from '@switchyard/outbox';
import * as accountsDb from '../db/accountsDb.ts';
import * as legsDb from '../db/legsDb.ts';
import { decideSetCre } from '../domain/decideSetCre.ts';
import { precheckSetCre } from '../domain/precheckSetCre.ts';
import type { SetCreRequest } from '../domain/setCreRequest.ts';
import { countAnswer } from './countAnswer.ts';
import type { HandlerDeps } from './handlerDeps.ts';
import { reply } from './replies.ts';

const setCre = async (deps: HandlerDeps, tx: Tx, message: ReqSetCre, now: Date): Promise<string> => {
  const { payer } = message;
  const account = await accountsDb.findCustomerAccount(tx, payer.ac.acNum, payer.ac.ifsc, { lock: true });
  const opened = deps.readCreds(payer.creds.data);
  if (!opened.ok)
    deps.log.info({ txnId: message.txn.id, reason: opened.reason }, 'creds could not be opened');
  const request: SetCreRequest = {
    credsType: payer.creds.type,
    acNum: payer.ac.acNum,
    creds: opened.ok ? opened.payload : undefined,
  };
  const precheck = precheckSetCre(account, request, now);
  if (precheck.ok && precheck.oldPin !== undefined) {
    request.oldPinCorrect = await deps.pinHasher.verify(precheck.oldPin, account!.pin.verifier!);
  }
  const decision = decideSetCre(account, request, now);
  if (decision.ok) {
    await accountsDb.setPinVerifier(tx, account!.id, await deps.pinHasher.hash(decision.newPin));
  } else if (account !== undefined && decision.pinUpdate !== undefined) {
    await accountsDb.savePinState(tx, account.id, decision.pinUpdate);
  }
  const respCode = decision.ok ? '00' : decision.code;
  await legsDb.finishLeg(tx, message.txn.id, 'SET_CRE', {
    status: decision.ok ? 'DONE' : 'DECLINED',
    respCode,
    accountId: account?.id ?? null,
    addr: payer.addr,
    amountMinor: null,
    settAmountMinor: 0,
    approvalNum: null,
    journalId: null,
  });
  return respCode;
};

export const onReqSetCre = (deps: HandlerDeps): HandlerEntry<'upi.ReqSetCre.v1'> => ({
  name: 'bank.onReqSetCre',
  async handle(tx, message, context) {
    const now = deps.now();
    const txnId = message.txn.id;
    const claimed = await legsDb.claimLeg(tx, txnId, 'SET_CRE', now);
    const respCode = claimed
      ? await setCre(deps, tx, message, now)
      : (await legsDb.findLeg(tx, txnId, 'SET_CRE'))!.respCode;
    deps.log.info(
      { txnId, credsType: message.payer.creds.type, respCode, repeated: !claimed },
      'PIN request answered',
    );
    countAnswer(context, deps.participant, 'SET_CRE', respCode, !claimed);
    await reply(deps, tx, context, txnId, (head) => ({
      type: 'upi.RespSetCre.v1',
      head,
      txn: { id: txnId },
      resp:
        respCode === '00'
          ? { reqMsgId: message.head.msgId, result: 'SUCCESS' }
          : { reqMsgId: message.head.msgId, result: 'FAILURE', errCode: respCode },
    }));
  },
});
