import { expect } from 'chai';
import { decode, fixture, newTxnId } from '@switchyard/contracts';
import { decideConfirmation } from '../../src/domain/decideConfirmation.ts';
import { decideFinalStatus } from '../../src/domain/decideFinalStatus.ts';
import { decidePayment } from '../../src/domain/decidePayment.ts';
import { reqListAccountFor } from '../../src/domain/messages/reqListAccountFor.ts';
import { reqPayFor } from '../../src/domain/messages/reqPayFor.ts';
import { reqSetCreFor } from '../../src/domain/messages/reqSetCreFor.ts';
import { reqOtpFor } from '../../src/domain/messages/reqOtpFor.ts';
import { reqValAddFor } from '../../src/domain/messages/reqValAddFor.ts';
import { respAuthDetailsFor } from '../../src/domain/messages/respAuthDetailsFor.ts';
import { respTxnConfirmationFor } from '../../src/domain/messages/respTxnConfirmationFor.ts';
import { respValAddFor } from '../../src/domain/messages/respValAddFor.ts';
import { paymentView } from '../../src/domain/paymentView.ts';
import { requestFingerprint } from '../../src/payments/requestFingerprint.ts';
import type { Payment, VpaRecord } from '../../src/domain/types.ts';
import { vpaFor } from '../../src/domain/vpaFor.ts';

const now = new Date('2026-02-01T10:00:00.000Z');
const asha: VpaRecord = {
  vpa: 'Asha@zap',
  userId: 'u1',
  ifsc: 'LOTS0000001',
  acNum: '100000000001',
  accountName: 'Asha Rao',
  createdAt: now,
};

describe('psp domain: vpaFor', () => {
  it('builds username@handle, keeps the spelling and keys it in lower case', () => {
    expect(vpaFor('Asha.Rao_1-x', 'zap')).to.deep.equal({
      ok: true,
      vpa: 'Asha.Rao_1-x@zap',
      key: 'asha.rao_1-x@zap',
    });
  });
  it('refuses bad usernames and anything over 255 characters in total', () => {
    for (const username of ['a', 'a b', 'a@b', 'ä', '', 'x+y'])
      expect(vpaFor(username, 'zap'), username).to.deep.equal({ ok: false, reason: 'username_invalid' });
    expect(vpaFor('a'.repeat(251), 'zap')).to.include({ ok: true }); // 255 exactly
    expect(vpaFor('a'.repeat(252), 'zap')).to.deep.equal({ ok: false, reason: 'too_long' });
  });
});

describe('psp domain: decidePayment', () => {
  const command = (overrides = {}) => ({
    txnId: newTxnId('ZAP'),
    payerVpa: 'asha@zap',
    payeeVpa: 'vikram@kite',
    amount: '100.50',
    ...overrides,
  });
  const decide = (overrides = {}, payer: VpaRecord | null = asha) =>
    decidePayment(command(overrides), { userId: 'u1', txnPrefix: 'ZAP', payer: payer ?? undefined });

  it('accepts and converts the amount to paise', () => {
    const decision = decide({ note: 'rent' });
    expect(decision).to.deep.include({
      ok: true,
      amountMinor: 10_050,
      payeeVpa: 'vikram@kite',
      note: 'rent',
    });
    expect(decide()).to.include({ note: '' });
  });
  it('rejects each rule as a value', () => {
    for (const amount of ['0', '0.00', '-1', '1.001', '1e2', 'abc', '9999999999.99', ' 1'])
      expect(decide({ amount }), amount).to.deep.equal({ ok: false, reason: 'amount_invalid' });
    expect(decide({ txnId: newTxnId('KIT') })).to.deep.equal({ ok: false, reason: 'txn_prefix' });
    expect(decide({ payeeVpa: 'nobody' })).to.deep.equal({ ok: false, reason: 'payee_vpa_invalid' });
    expect(decide({}, null)).to.deep.equal({ ok: false, reason: 'payer_vpa_unknown' });
    expect(decide({}, { ...asha, userId: 'someone-else' })).to.deep.equal({
      ok: false,
      reason: 'payer_vpa_unknown',
    });
    expect(decide({ payeeVpa: 'ASHA@ZAP' })).to.deep.equal({ ok: false, reason: 'same_vpa' });
  });
});

describe('psp domain: decideFinalStatus', () => {
  const requestMessageId = '01JDAB2C3D4E5F6G7H8J9K0001';
  const response = (
    status: 'SUCCESS' | 'FAILURE' | 'DEEMED',
    errCode?: string,
    answering = requestMessageId,
  ) => {
    const message = fixture('upi.RespPay.PAY.v1');
    message.resp.reqMsgId = answering;
    message.resp.status = status;
    message.resp.result = status === 'FAILURE' ? 'FAILURE' : 'SUCCESS';
    if (errCode) message.resp.errCode = errCode;
    return message;
  };
  it('applies an answer to our ReqPay while PENDING or DEEMED', () => {
    expect(decideFinalStatus({ status: 'PENDING', requestMessageId }, response('SUCCESS'))).to.include({
      kind: 'apply',
      status: 'SUCCESS',
      custRef: '532500000042',
    });
    expect(decideFinalStatus({ status: 'PENDING', requestMessageId }, response('DEEMED', 'U68'))).to.include({
      kind: 'apply',
      status: 'DEEMED',
      errCode: 'U68',
    });
    expect(decideFinalStatus({ status: 'DEEMED', requestMessageId }, response('FAILURE', 'U30'))).to.include({
      kind: 'apply',
      status: 'FAILURE',
    });
  });
  it('records notices for duplicates, foreign answers, and anything after the final status', () => {
    expect(
      decideFinalStatus({ status: 'PENDING', requestMessageId }, response('FAILURE', 'U01', 'X'.repeat(32))),
    ).to.deep.equal({ kind: 'notice', reason: 'duplicate_notice' });
    expect(
      decideFinalStatus(
        { status: 'PENDING', requestMessageId },
        response('SUCCESS', undefined, 'X'.repeat(32)),
      ),
    ).to.deep.equal({ kind: 'notice', reason: 'foreign_request' });
    expect(
      decideFinalStatus({ status: 'SUCCESS', requestMessageId }, response('FAILURE', 'U30')),
    ).to.deep.equal({
      kind: 'notice',
      reason: 'already_final',
    });
    expect(decideFinalStatus({ status: 'FAILURE', requestMessageId }, response('SUCCESS'))).to.deep.equal({
      kind: 'notice',
      reason: 'already_final',
    });
    expect(
      decideFinalStatus({ status: 'DEEMED', errCode: 'U68', requestMessageId }, response('DEEMED', 'U68')),
    ).to.deep.equal({
      kind: 'notice',
      reason: 'no_change',
    });
  });
  it('a FAILURE U33 (the reversal failed) takes the code it ends with; a repeat of it is no change', () => {
    expect(
      decideFinalStatus({ status: 'FAILURE', errCode: 'U33', requestMessageId }, response('FAILURE', 'U31')),
    ).to.include({ kind: 'apply', status: 'FAILURE', errCode: 'U31' });
    expect(
      decideFinalStatus({ status: 'FAILURE', errCode: 'U33', requestMessageId }, response('FAILURE', 'U33')),
    ).to.deep.equal({ kind: 'notice', reason: 'no_change' });
    expect(
      decideFinalStatus({ status: 'FAILURE', errCode: 'U31', requestMessageId }, response('FAILURE', 'U33')),
    ).to.deep.equal({ kind: 'notice', reason: 'already_final' });
  });
  it('a U01 that answers our own ReqPay is a real failure of our payment', () => {
    expect(decideFinalStatus({ status: 'PENDING', requestMessageId }, response('FAILURE', 'U01'))).to.include(
      {
        kind: 'apply',
        status: 'FAILURE',
        errCode: 'U01',
      },
    );
  });
});

describe('psp domain: decideConfirmation', () => {
  const confirmation = (status: 'SUCCESS' | 'DEEMED') => {
    const message = fixture('upi.ReqTxnConfirmation.v1');
    message.status.status = status;
    return message;
  };
  it('records the first, updates a changed non-final one, ignores the rest', () => {
    expect(decideConfirmation(undefined, confirmation('SUCCESS'))).to.deep.equal({ kind: 'record' });
    expect(decideConfirmation({ status: 'DEEMED' }, confirmation('SUCCESS'))).to.deep.equal({
      kind: 'update',
    });
    expect(decideConfirmation({ status: 'DEEMED' }, confirmation('DEEMED'))).to.deep.equal({
      kind: 'unchanged',
    });
    expect(decideConfirmation({ status: 'SUCCESS' }, confirmation('DEEMED'))).to.deep.equal({
      kind: 'unchanged',
    });
  });
  it('a FAILURE U33 takes the code the payment ends with, once', () => {
    const ended = confirmation('SUCCESS');
    ended.status.status = 'FAILURE';
    ended.status.errCode = 'U68';
    expect(decideConfirmation({ status: 'FAILURE', errCode: 'U33' }, ended)).to.deep.equal({
      kind: 'update',
    });
    expect(decideConfirmation({ status: 'FAILURE', errCode: 'U68' }, ended)).to.deep.equal({
      kind: 'unchanged',
    });
  });
});

describe('psp domain: paymentView', () => {
  const payment = (overrides: Partial<Payment> = {}): Payment => ({
    txnId: newTxnId('ZAP'),
    role: 'PAYER',
    userId: 'u1',
    payerVpa: 'asha@zap',
    payeeVpa: 'vikram@kite',
    amountMinor: 12_345,
    note: '',
    status: 'PENDING',
    errCode: undefined,
    custRef: undefined,
    legs: [],
    requestMessageId: 'm',
    createdAt: now,
    updatedAt: now,
    finalAt: undefined,
    statusChecks: 0,
    lastCheckedAt: undefined,
    ...overrides,
  });
  it('shows rupee strings and no decline class while pending or successful', () => {
    expect(paymentView(payment())).to.include({
      amount: '123.45',
      amountMinor: 12_345,
      status: 'PENDING',
      declineClass: null,
      errCode: null,
      finalAt: null,
      custRef: null,
    });
  });
  it('classes a failure by its code, or by the failed leg under an unclassed switch code', () => {
    const legs = [
      { type: 'PAYER' as const, seqNum: 1, addr: 'asha@zap', settAmountMinor: 0, respCode: 'XY' },
    ];
    expect(paymentView(payment({ status: 'FAILURE', errCode: 'U30', legs })).declineClass).to.equal('TD');
    expect(
      paymentView(payment({ status: 'FAILURE', errCode: 'U30', legs: [{ ...legs[0], respCode: 'Z9' }] }))
        .declineClass,
    ).to.equal('BD');
    expect(paymentView(payment({ status: 'FAILURE', errCode: 'U67' })).declineClass).to.equal('TD');
    expect(paymentView(payment({ status: 'FAILURE', errCode: 'U30', legs })).legs[0]).to.deep.equal({
      type: 'PAYER',
      seqNum: 1,
      addr: 'asha@zap',
      respCode: 'XY',
      settAmount: '0.00',
      approvalNum: null,
      declineClass: 'TD',
    });
  });
});

describe('psp domain: requestFingerprint', () => {
  it('ignores key order, distinguishes any other change', () => {
    const a = requestFingerprint('POST', '/v1/payments', { b: 1, a: { y: 2, x: [1, { d: 1, c: 2 }] } });
    const b = requestFingerprint('POST', '/v1/payments', { a: { x: [1, { c: 2, d: 1 }], y: 2 }, b: 1 });
    expect(a.equals(b)).to.equal(true);
    expect(
      a.equals(requestFingerprint('POST', '/v1/payments', { b: 2, a: { y: 2, x: [1, { d: 1, c: 2 }] } })),
    ).to.equal(false);
    expect(
      a.equals(requestFingerprint('POST', '/v1/other', { b: 1, a: { y: 2, x: [1, { d: 1, c: 2 }] } })),
    ).to.equal(false);
  });
});

describe('psp domain: outgoing messages pass their contract schema', () => {
  const messageId = '01JDAB2C3D4E5F6G7H8J9K0001';
  const base = { participant: 'psp.zap', messageId, now };
  const user = { userId: 'u1', name: 'Asha', mobile: '9800000001', deviceId: 'phone-1' };
  it('builds valid ReqPay, ReqValAdd, ReqListAccount, ReqSetCre, ReqOtp and the payee-side answers', () => {
    const txnId = newTxnId('ZAP');
    const messages = [
      reqPayFor({
        ...base,
        txnId,
        user,
        payer: asha,
        payeeVpa: 'vikram@kite',
        amountMinor: 100,
        note: '',
        creds: { type: 'PIN', data: 'abc' },
      }),
      reqValAddFor({ ...base, txnId, payerVpa: 'asha@zap', payeeVpa: 'vikram@kite' }),
      reqListAccountFor({ ...base, txnId, mobile: '9800000001', ifsc: 'LOTS0000001' }),
      reqSetCreFor({ ...base, txnId, vpa: asha, creds: { type: 'PIN_SET', data: 'abc' } }),
      reqOtpFor({ ...base, txnId, user, vpa: asha }),
      respAuthDetailsFor({ ...base, request: fixture('upi.ReqAuthDetails.v1'), payee: asha }),
      respAuthDetailsFor({ ...base, request: fixture('upi.ReqAuthDetails.v1'), payee: undefined }),
      respValAddFor({ ...base, request: fixture('upi.ReqValAdd.v1'), payee: asha }),
      respValAddFor({ ...base, request: fixture('upi.ReqValAdd.v1'), payee: undefined }),
      respTxnConfirmationFor({ ...base, request: fixture('upi.ReqTxnConfirmation.v1'), recorded: true }),
    ];
    for (const message of messages) {
      const decoded = decode(message);
      expect(decoded.ok, `${message.type}: ${JSON.stringify(decoded)}`).to.equal(true);
      expect(message.head).to.deep.equal({
        ver: '2.0',
        ts: now.toISOString(),
        orgId: 'psp.zap',
        msgId: messageId,
      });
    }
  });
});
