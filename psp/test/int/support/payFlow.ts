/** Helpers to start a payment over HTTP and answer it as the switch would. */
import { expect } from 'chai';
import { fixture, newTxnId, sealCreds, type RespPayFinal } from '@switchyard/contracts';
import type { PspTestApp } from './pspTestApp.ts';
import type { TestUser } from './users.ts';

/** POSTs a payment (202 expected) and returns its txn id and the msgId of the ReqPay it sent. */
export const startPayment = async (
  psp: PspTestApp,
  payer: TestUser & { vpa: string },
  payeeVpa: string,
  amountMinor = 25_000,
): Promise<{ txnId: string; requestMessageId: string }> => {
  const txnId = newTxnId('ZAP');
  const data = sealCreds(
    { purpose: 'PAY', pin: '1234', txnId, amountMinor, sealedAt: Date.now() },
    psp.keys.directory.current('bank.lotus')!,
  );
  const amount = `${Math.floor(amountMinor / 100)}.${String(amountMinor % 100).padStart(2, '0')}`;
  const response = await psp.app.inject({
    method: 'POST',
    url: '/v1/payments',
    headers: { ...payer.headers, 'idempotency-key': `k-${txnId}` },
    payload: { txnId, payerVpa: payer.vpa, payeeVpa, amount, creds: { type: 'PIN', data } },
  });
  expect(response.statusCode, response.body).to.equal(202);
  const sent = await psp.nextOutbox('upi.ReqPay.PAY.v1');
  expect(sent.message.txn.id).to.equal(txnId);
  return { txnId, requestMessageId: sent.message.head.msgId };
};

/** The switch's final RespPay for a payment (golden fixture, adapted). */
export const respPayFor = (
  txnId: string,
  requestMessageId: string,
  payerVpa: string,
  payeeVpa: string,
  outcome: {
    status: 'SUCCESS' | 'FAILURE' | 'DEEMED';
    errCode?: string;
    payerCode?: string;
    payeeCode?: string;
    amountMinor?: number;
  },
): RespPayFinal => {
  const message = fixture('upi.RespPay.PAY.v1');
  const amountMinor = outcome.amountMinor ?? 25_000;
  message.txn.id = txnId;
  message.resp.reqMsgId = requestMessageId;
  message.resp.status = outcome.status;
  message.resp.result = outcome.status === 'FAILURE' ? 'FAILURE' : 'SUCCESS';
  if (outcome.errCode !== undefined) message.resp.errCode = outcome.errCode;
  const payerCode = outcome.payerCode ?? '00';
  const payeeCode = outcome.payeeCode ?? '00';
  message.resp.refs = [
    {
      type: 'PAYER',
      seqNum: 1,
      addr: payerVpa,
      settAmountMinor: payerCode === '00' ? amountMinor : 0,
      respCode: payerCode,
      ...(payerCode === '00' ? { approvalNum: 'A1B2C3' } : {}),
    },
    {
      type: 'PAYEE',
      seqNum: 2,
      addr: payeeVpa,
      settAmountMinor: payeeCode === '00' ? amountMinor : 0,
      respCode: payeeCode,
    },
  ];
  if (payerCode !== '00') message.resp.refs.pop();
  return message;
};
