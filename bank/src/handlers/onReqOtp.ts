/**
 * ReqOtp (UPI's ReqOtp): send a one-time code by SMS to the mobile this bank has on record for the
 * account, so that a PIN can be set with the debit card (ReqSetCre PIN_SET carries the code back, sealed for
 * this bank). The checks are domain/otpPolicy.ts decideOtpRequest; the code is 6 random digits kept only as
 * a verifier (the PIN hasher's, for use OTP) for OTP_TTL_MS, replacing any earlier code of the account.
 *
 * In the leg frame (runLeg.ts), leg OTP: once per txn id — a repeated request gets the stored answer and
 * no second SMS. The SMS leaves after the commit (infra smsSender.ts says why that is enough): a crash in
 * between loses it like a phone network may, and the customer asks for another code.
 */
import { randomInt } from 'node:crypto';
import type { Head, ReqOtp, RespOtp } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { HandlerEntry, MessageContext } from '@switchyard/outbox';
import * as accountsDb from '../db/accountsDb.ts';
import type { LegOutcome } from '../db/legsDb.ts';
import { replaceOtp } from '../db/otpsDb.ts';
import { decideOtpRequest } from '../domain/otpPolicy.ts';
import { subjectOf } from '../hsm/pinHasher.ts';
import { declineLeg } from './declineLeg.ts';
import type { HandlerDeps } from './handlerDeps.ts';
import type { LegAnswer } from './replies.ts';
import { runLeg, type LegDeps } from './runLeg.ts';

export type OtpDeps = LegDeps & Pick<HandlerDeps, 'pinHasher' | 'sms' | 'bankName'>;

const OTP_DIGITS = 6;

const smsText = (bankName: string, code: string, acNum: string): string =>
  `${code} is your ${bankName} code to set the UPI PIN of account XX${acNum.slice(-4)}. ` +
  'It expires in 5 minutes. Never share it with anyone.';

const sendOtp = async (
  deps: OtpDeps,
  tx: Tx,
  context: MessageContext,
  message: ReqOtp,
  now: Date,
): Promise<LegOutcome> => {
  const { payer } = message;
  const account = await accountsDb.findCustomerAccount(tx, payer.ac.acNum, payer.ac.ifsc, { lock: true });
  const recorded = { accountId: account?.id ?? null, addr: payer.addr, amountMinor: null };
  const decision = decideOtpRequest(account, payer.device.mobile, now);
  if (!decision.ok) return declineLeg(decision.code, recorded);
  const code = String(randomInt(0, 10 ** OTP_DIGITS)).padStart(OTP_DIGITS, '0');
  await replaceOtp(tx, {
    accountId: decision.account.id,
    txnId: message.txn.id,
    verifier: deps.pinHasher.hash(subjectOf(decision.account, 'OTP'), code),
    createdAt: now,
    expiresAt: decision.expiresAt,
  });
  const to = decision.account.mobile;
  context.afterCommit(() => {
    deps.sms
      .send({ to, text: smsText(deps.bankName, code, decision.account.acNum) })
      .catch((error: unknown) => deps.log.warn({ err: error, txnId: message.txn.id }, 'OTP SMS not sent'));
  });
  return {
    status: 'DONE',
    respCode: '00',
    ...recorded,
    settAmountMinor: 0,
    approvalNum: null,
    journalId: null,
  };
};

const respOtp = (message: ReqOtp, answer: LegAnswer, head: Head): RespOtp => ({
  type: 'upi.RespOtp.v1',
  head,
  txn: { id: message.txn.id },
  resp:
    answer.respCode === '00'
      ? { reqMsgId: message.head.msgId, result: 'SUCCESS' }
      : { reqMsgId: message.head.msgId, result: 'FAILURE', errCode: answer.respCode },
});

/** @throws nothing when built; `handle` throws what runLeg throws (the transaction rolls back, the message is retried). */
export const onReqOtp = (deps: OtpDeps): HandlerEntry<'upi.ReqOtp.v1'> => ({
  name: 'bank.onReqOtp',
  async handle(tx, message, context) {
    await runLeg(deps, tx, context, {
      leg: 'OTP',
      txnId: message.txn.id,
      correlationId: message.txn.id,
      addr: message.payer.addr,
      outcome: (now) => sendOtp(deps, tx, context, message, now),
      reply: (answer, head) => respOtp(message, answer, head),
    });
  },
});
