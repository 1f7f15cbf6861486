import { expect } from 'chai';
import { decode } from '@switchyard/contracts';
import { effectsOf, needsCreds } from '../../src/domain/effectsOf.ts';
import type { ReqPayDebit, ReqPayReversal, RespPayFinal, ReqTxnConfirmation } from '@switchyard/contracts';
import {
  BENEFICIARY,
  PAYEE_PSP,
  PAYER_PSP,
  PaymentDriver,
  REMITTER,
  nextId,
  startCommand,
} from './paymentDriver.ts';

const CREDS = { type: 'PIN' as const, data: 'c2VhbGVk' };

describe('switch domain: effectsOf (what a decision sends and which timers it arms)', () => {
  const context = (now: Date) => ({ switchId: 'switch', now, newMessageId: nextId, creds: CREDS });

  it('every message it builds is valid against its contract schema, head.msgId = messageId', () => {
    const driver = new PaymentDriver();
    const all = [];
    for (const step of [
      () => driver.accept(startCommand()),
      () => driver.accept(driver.authOk()),
      () => driver.accept(driver.answer('DEBIT', '00')),
      () => driver.accept(driver.timeout('CREDIT')),
      () => driver.accept(driver.answer('CREDIT_REVERSAL', 'NC')),
      () => driver.accept(driver.answer('DEBIT_REVERSAL', '00')),
    ]) {
      const events = step();
      all.push(...effectsOf(driver.state, events, context(driver.now)).messages);
    }
    expect(all.map((m) => [m.recipient, m.message.type])).to.deep.equal([
      [PAYEE_PSP, 'upi.ReqAuthDetails.v1'],
      [REMITTER, 'upi.ReqPay.DEBIT.v1'],
      [BENEFICIARY, 'upi.ReqPay.CREDIT.v1'],
      [BENEFICIARY, 'upi.ReqPay.REVERSAL.v1'],
      [REMITTER, 'upi.ReqPay.REVERSAL.v1'],
      [PAYER_PSP, 'upi.RespPay.PAY.v1'],
      [PAYEE_PSP, 'upi.ReqTxnConfirmation.v1'],
    ]);
    for (const outgoing of all) {
      const checked = decode(outgoing.message);
      expect(checked.ok, JSON.stringify(checked)).to.equal(true);
      expect((outgoing.message as { head: { msgId: string } }).head.msgId).to.equal(outgoing.messageId);
    }
    const debit = all[1].message as ReqPayDebit;
    expect(debit.payer.creds).to.deep.equal(CREDS);
    expect(debit.txn.custRef).to.equal('606000000042');
    const creditReversal = all[3].message as ReqPayReversal;
    expect(creditReversal.txn).to.include({
      subType: 'CREDIT',
      orgRespCode: 'BT',
      orgTxnId: creditReversal.txn.id,
    });
    expect(creditReversal.ac).to.deep.equal({ acNum: '200000000001', ifsc: 'BNYN0000001' });
    const debitReversal = all[4].message as ReqPayReversal;
    expect(debitReversal.txn).to.include({ subType: 'DEBIT', orgRespCode: '00' });
    expect(debitReversal.ac).to.deep.equal({ acNum: '100000000001', ifsc: 'LOTS0000001' });
    const final = all[5].message as RespPayFinal;
    expect(final.resp).to.include({
      reqMsgId: 'REQPAYMSG0001',
      result: 'FAILURE',
      status: 'FAILURE',
      errCode: 'U68',
    });
    expect((all[6].message as ReqTxnConfirmation).status).to.include({ errCode: 'U68' });
  });

  it('arms a timer with every leg request and cancels it with the answer or timeout', () => {
    const driver = new PaymentDriver();
    const start = driver.accept(startCommand());
    expect(effectsOf(driver.state, start, context(driver.now))).to.deep.include({
      cancel: [],
      arm: [{ leg: 'AUTH', messageId: (start[1] as { messageId: string }).messageId, attempt: 1 }],
    });
    const auth = driver.accept(driver.authOk());
    const effects = effectsOf(driver.state, auth, context(driver.now));
    expect(effects.cancel).to.deep.equal(['AUTH']);
    expect(effects.arm.map((a) => a.leg)).to.deep.equal(['DEBIT']);
    expect(needsCreds(auth)).to.equal(true);
    const timeout = driver.accept(driver.timeout('DEBIT'));
    expect(effectsOf(driver.state, timeout, context(driver.now))).to.deep.include({ cancel: ['DEBIT'] });
  });

  it('refuses to build a debit without the PIN block', () => {
    const driver = new PaymentDriver();
    driver.accept(startCommand());
    const events = driver.accept(driver.authOk());
    expect(() =>
      effectsOf(driver.state, events, { switchId: 'switch', now: driver.now, newMessageId: nextId }),
    ).to.throw(/PIN block/);
  });

  it('no ReqTxnConfirmation when the payee PSP never heard of the payment (U02, unknown handle)', () => {
    const driver = new PaymentDriver();
    const events = driver.accept(startCommand({}, 20_000_000));
    const messages = effectsOf(driver.state, events, context(driver.now)).messages;
    expect(messages.map((m) => m.message.type)).to.deep.equal(['upi.RespPay.PAY.v1']);
  });
});
