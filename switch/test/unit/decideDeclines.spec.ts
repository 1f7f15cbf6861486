import { expect } from 'chai';
import { finalAnswerOf } from '../../src/domain/finalAnswerOf.ts';
import { AMOUNT, PaymentDriver, REMITTER, startCommand, types } from './paymentDriver.ts';

describe('switch domain: declines', () => {
  for (const code of ['ZH', 'ZG', 'UX']) {
    it(`RespAuthDetails decline ${code} → FAILED U29 with the PSP's code, no money moved`, () => {
      const driver = new PaymentDriver();
      driver.accept(startCommand());
      const events = driver.accept(driver.authDeclined(code));
      expect(types(events)).to.deep.equal(['LegAnswered', 'PaymentCompleted']);
      expect(driver.final).to.include({
        result: 'FAILURE',
        finalStatus: 'FAILURE',
        errCode: 'U29',
        payeeRespCode: code,
      });
      expect(driver.payment.legs.DEBIT).to.equal(undefined);
      expect(driver.payment.money.debitedMinor).to.equal(0);
    });
  }

  it('RespAuthDetails SUCCESS without a payee counts as ZH', () => {
    const driver = new PaymentDriver();
    driver.accept(startCommand());
    const command = driver.authOk();
    if (command.type === 'AnswerAuthDetails') delete command.payee;
    driver.accept(command);
    expect(driver.final).to.include({ errCode: 'U29', payeeRespCode: 'ZH' });
  });

  for (const code of ['Z9', 'ZM', 'Z8', 'Z6', 'YE', 'XY']) {
    it(`debit declined ${code} → FAILED U30 + ${code}, no credit, nothing to reverse`, () => {
      const driver = PaymentDriver.debitPending();
      const events = driver.accept(driver.answer('DEBIT', code));
      expect(types(events)).to.deep.equal(['LegAnswered', 'PaymentCompleted']);
      expect(driver.final).to.include({ errCode: 'U30', payerRespCode: code });
      expect(driver.payment.legs.CREDIT).to.equal(undefined);
      expect(driver.payment.legs.DEBIT_REVERSAL).to.equal(undefined);
      expect(finalAnswerOf(driver.payment, driver.final).refs).to.deep.equal([
        { type: 'PAYER', seqNum: 1, addr: 'asha@zap', settAmountMinor: 0, respCode: code },
      ]);
    });
  }

  it('debit SUCCESS with a code other than 00 is a decline', () => {
    const driver = PaymentDriver.debitPending();
    driver.accept(driver.answer('DEBIT', 'XB', { result: 'SUCCESS' }));
    expect(driver.final.errCode).to.equal('U30');
  });

  it('credit declined → debit reversal; reversal 00 → FAILED U31 + the credit code, payer settles 0', () => {
    const driver = PaymentDriver.creditPending();
    const credit = driver.accept(driver.answer('CREDIT', 'XI'));
    expect(types(credit)).to.deep.equal(['LegAnswered', 'LegRequested']);
    expect(credit[1]).to.include({
      leg: 'DEBIT_REVERSAL',
      participant: REMITTER,
      reason: 'CREDIT_DECLINED',
      orgRespCode: '00',
    });
    expect(driver.state.status).to.equal('DEBIT_REVERSAL_PENDING');
    driver.accept(driver.answer('DEBIT_REVERSAL', '00'));
    expect(driver.state.status).to.equal('FAILED');
    expect(driver.final).to.include({ errCode: 'U31' });
    expect(driver.payment.money).to.deep.equal({
      debitedMinor: AMOUNT,
      debitReversedMinor: AMOUNT,
      creditedMinor: 0,
      creditReversedMinor: 0,
    });
    expect(finalAnswerOf(driver.payment, driver.final).refs).to.deep.equal([
      {
        type: 'PAYER',
        seqNum: 1,
        addr: 'asha@zap',
        settAmountMinor: 0,
        respCode: '00',
        approvalNum: 'APR001',
      },
      { type: 'PAYEE', seqNum: 1, addr: 'vikram@kite', settAmountMinor: 0, respCode: 'XI' },
    ]);
  });

  it('credit declined → debit reversal 96 → STUCK U33 (money in dispute)', () => {
    const driver = PaymentDriver.creditPending();
    driver.accept(driver.answer('CREDIT', 'YF'));
    driver.accept(driver.answer('DEBIT_REVERSAL', '96'));
    expect(driver.state.status).to.equal('STUCK');
    expect(driver.final).to.include({ result: 'FAILURE', errCode: 'U33' });
    expect(finalAnswerOf(driver.payment, driver.final).refs[0]).to.include({
      respCode: '00',
      settAmountMinor: AMOUNT,
    });
  });

  it('credit declined → debit reversal times out → STUCK U33', () => {
    const driver = PaymentDriver.creditPending();
    driver.accept(driver.answer('CREDIT', 'ZY'));
    driver.accept(driver.timeout('DEBIT_REVERSAL'));
    expect(driver.state.status).to.equal('STUCK');
    expect(driver.final.errCode).to.equal('U33');
  });
});
