/**
 * What the test PSPs and banks send, built from the golden fixtures (contracts/fixtures) and the request
 * they answer. head.msgId is set by Harness.send().
 */
import {
  fixture,
  isoTimestamp,
  newTxnId,
  type ReqAuthDetails,
  type ReqPayCredit,
  type ReqPayDebit,
  type ReqPayPay,
  type ReqPayReversal,
  type RespAuthDetails,
  type RespPayCredit,
  type RespPayDebit,
  type RespPayReversal,
  type ReqTxnConfirmation,
  type RespTxnConfirmation,
} from '@switchyard/contracts';

export const PAYER_PSP = 'psp.zap';
export const PAYEE_PSP = 'psp.kite';
export const REMITTER = 'bank.lotus';
export const BENEFICIARY = 'bank.banyan';

const head = (orgId: string) => ({
  ver: '2.0' as const,
  ts: isoTimestamp(new Date()),
  orgId,
  msgId: 'set0by0send',
});

export const reqPay = (
  options: { txnId?: string; amountMinor?: number; payeeAddr?: string; payerAddr?: string } = {},
): ReqPayPay => {
  const message = fixture('upi.ReqPay.PAY.v1');
  message.head = head(PAYER_PSP);
  message.txn.id = options.txnId ?? newTxnId('ZAP');
  message.txn.ts = isoTimestamp(new Date());
  if (options.amountMinor !== undefined) message.amount.valueMinor = options.amountMinor;
  if (options.payeeAddr !== undefined) message.payee.addr = options.payeeAddr;
  if (options.payerAddr !== undefined) message.payer.addr = options.payerAddr;
  return message;
};

export const respAuthDetails = (
  request: ReqAuthDetails,
  answer: { errCode?: string; acNum?: string; ifsc?: string } = {},
): RespAuthDetails => {
  const message = fixture('upi.RespAuthDetails.v1');
  message.head = head(PAYEE_PSP);
  message.txn.id = request.txn.id;
  message.resp = {
    reqMsgId: request.head.msgId,
    result: answer.errCode === undefined ? 'SUCCESS' : 'FAILURE',
  };
  if (answer.errCode !== undefined) {
    message.resp.errCode = answer.errCode;
    delete message.payee;
  } else {
    message.payee = {
      addr: request.payee.addr,
      name: 'Vikram Singh',
      ac: { acNum: answer.acNum ?? '200000000001', ifsc: answer.ifsc ?? 'BNYN0000001' },
    };
  }
  return message;
};

const legRef = (type: 'PAYER' | 'PAYEE', addr: string, respCode: string, amountMinor: number) => ({
  type,
  seqNum: 1,
  addr,
  settAmountMinor: respCode === '00' ? amountMinor : 0,
  respCode,
  ...(respCode === '00' ? { approvalNum: 'APR123' } : {}),
});

export const respDebit = (request: ReqPayDebit, respCode: string): RespPayDebit => ({
  type: 'upi.RespPay.DEBIT.v1',
  head: head(REMITTER),
  txn: { id: request.txn.id, type: 'DEBIT', custRef: request.txn.custRef },
  resp: {
    reqMsgId: request.head.msgId,
    result: respCode === '00' ? 'SUCCESS' : 'FAILURE',
    ...(respCode === '00' ? {} : { errCode: respCode }),
    ref: legRef('PAYER', request.payer.addr, respCode, request.amount.valueMinor),
  },
});

export const respCredit = (request: ReqPayCredit, respCode: string): RespPayCredit => ({
  type: 'upi.RespPay.CREDIT.v1',
  head: head(BENEFICIARY),
  txn: { id: request.txn.id, type: 'CREDIT', custRef: request.txn.custRef },
  resp: {
    reqMsgId: request.head.msgId,
    result: respCode === '00' ? 'SUCCESS' : 'FAILURE',
    ...(respCode === '00' ? {} : { errCode: respCode }),
    ref: legRef('PAYEE', request.payee.addr, respCode, request.amount.valueMinor),
  },
});

export const respReversal = (request: ReqPayReversal, respCode: string, from: string): RespPayReversal => ({
  type: 'upi.RespPay.REVERSAL.v1',
  head: head(from),
  txn: {
    id: request.txn.id,
    type: 'REVERSAL',
    subType: request.txn.subType,
    custRef: request.txn.custRef,
    orgTxnId: request.txn.orgTxnId,
  },
  resp: {
    reqMsgId: request.head.msgId,
    result: respCode === '00' || respCode === 'CS' ? 'SUCCESS' : 'FAILURE',
    ref: {
      type: request.txn.subType === 'DEBIT' ? 'PAYER' : 'PAYEE',
      seqNum: 1,
      addr: 'asha@zap',
      settAmountMinor: respCode === '00' ? request.amount.valueMinor : 0,
      respCode,
    },
  },
});

export const respTxnConfirmation = (request: ReqTxnConfirmation): RespTxnConfirmation => ({
  type: 'upi.RespTxnConfirmation.v1',
  head: head(PAYEE_PSP),
  txn: { id: request.txn.id },
  resp: { reqMsgId: request.head.msgId, result: 'SUCCESS' },
});
