import { expect } from 'chai';
import { finalAnswerOf } from '../../src/domain/finalAnswerOf.ts';
import {
  AMOUNT,
  BENEFICIARY,
  PAYEE_PSP,
  PaymentDriver,
  REMITTER,
  nextId,
  startCommand,
  types,
  POLICY,
} from './paymentDriver.ts';

describe('switch domain: timeouts', () => {
  it('auth timeout → FAILED U27 with payee leg UP', () => {
    const driver = new PaymentDriver();
    driver.accept(startCommand());
    const events = driver.accept(driver.timeout('AUTH'), 10_000);
    expect(types(events)).to.deep.equal(['LegTimedOut', 'PaymentCompleted']);
    expect(driver.final).to.include({ result: 'FAILURE', errCode: 'U27', payeeRespCode: 'UP' });
  });

  describe('debit timeout → debit reversal', () => {
    const timedOut = (): PaymentDriver => {
      const driver = PaymentDriver.debitPending();
      const events = driver.accept(driver.timeout('DEBIT'), 15_000);
      expect(types(events)).to.deep.equal(['LegTimedOut', 'LegRequested']);
      expect(events[1]).to.include({
        leg: 'DEBIT_REVERSAL',
        participant: REMITTER,
        reason: 'DEBIT_TIMEOUT',
        orgRespCode: 'UT',
      });
      expect(driver.state.status).to.equal('DEBIT_REVERSAL_PENDING');
      return driver;
    };

    for (const code of ['00', 'ND', 'OD']) {
      it(`reversal ${code} → FAILED U67 with payer leg UT`, () => {
        const driver = timedOut();
        driver.accept(driver.answer('DEBIT_REVERSAL', code));
        expect(driver.state.status).to.equal('FAILED');
        expect(driver.final).to.include({ errCode: 'U67', payerRespCode: 'UT' });
        expect(driver.payment.legs.CREDIT).to.equal(undefined);
        expect(finalAnswerOf(driver.payment, driver.final).refs).to.deep.equal([
          { type: 'PAYER', seqNum: 1, addr: 'asha@zap', settAmountMinor: 0, respCode: 'UT' },
        ]);
        const money = driver.payment.money;
        expect(money.debitedMinor - money.debitReversedMinor).to.equal(0);
        expect(money.debitedMinor).to.equal(code === '00' ? AMOUNT : 0);
      });
    }

    it('reversal timeout → REVERSAL_UNKNOWN, RR', () => {
      const driver = timedOut();
      driver.accept(driver.timeout('DEBIT_REVERSAL'), 10_000);
      expect(driver.state.status).to.equal('REVERSAL_UNKNOWN');
      expect(driver.final).to.include({ result: 'FAILURE', errCode: 'U67', payerRespCode: 'RR' });
    });

    it('reversal 96 → STUCK U33', () => {
      const driver = timedOut();
      driver.accept(driver.answer('DEBIT_REVERSAL', '96'));
      expect(driver.state.status).to.equal('STUCK');
      expect(driver.final).to.include({ errCode: 'U33', payerRespCode: '96' });
    });

    it('a late debit response is recorded (U70) and does not change the outcome', () => {
      const driver = timedOut();
      const late = driver.accept(driver.answer('DEBIT', '00'));
      expect(types(late)).to.deep.equal(['LateResponseRecorded']);
      expect(late[0]).to.include({ leg: 'DEBIT', errCode: 'U70', respCode: '00' });
      expect(driver.state.status).to.equal('DEBIT_REVERSAL_PENDING');
      expect(driver.payment.legs.CREDIT).to.equal(undefined);
      expect(driver.payment.money.debitedMinor).to.equal(AMOUNT);
      driver.accept(driver.answer('DEBIT_REVERSAL', '00'));
      expect(driver.final).to.include({ errCode: 'U67' });
      expect(driver.payment.money).to.include({ debitedMinor: AMOUNT, debitReversedMinor: AMOUNT });
      expect(driver.apply(driver.answer('DEBIT', '00'))).to.deep.equal({
        ok: false,
        rejection: 'response_already_received',
      });
    });
  });

  describe('credit timeout → credit reversal', () => {
    const timedOut = (): PaymentDriver => {
      const driver = PaymentDriver.creditPending();
      const events = driver.accept(driver.timeout('CREDIT'), 15_000);
      expect(types(events)).to.deep.equal(['LegTimedOut', 'LegRequested']);
      expect(events[1]).to.include({ leg: 'CREDIT_REVERSAL', participant: BENEFICIARY, orgRespCode: 'BT' });
      expect(driver.state.status).to.equal('CREDIT_REVERSAL_PENDING');
      return driver;
    };

    for (const code of ['00', 'NC', 'OC']) {
      it(`credit reversal ${code} → debit reversal; 00 → FAILED U68 with payee leg BT`, () => {
        const driver = timedOut();
        const events = driver.accept(driver.answer('CREDIT_REVERSAL', code));
        expect(types(events)).to.deep.equal(['LegAnswered', 'LegRequested']);
        expect(events[1]).to.include({
          leg: 'DEBIT_REVERSAL',
          participant: REMITTER,
          reason: 'CREDIT_REVERSED',
        });
        driver.accept(driver.answer('DEBIT_REVERSAL', '00'));
        expect(driver.state.status).to.equal('FAILED');
        expect(driver.final).to.include({ errCode: 'U68', payeeRespCode: 'BT' });
        const money = driver.payment.money;
        expect(money.creditedMinor - money.creditReversedMinor).to.equal(0);
        expect(money.debitedMinor - money.debitReversedMinor).to.equal(0);
      });
    }

    it('credit reversal 00 then debit reversal 96 → STUCK U33', () => {
      const driver = timedOut();
      driver.accept(driver.answer('CREDIT_REVERSAL', 'NC'));
      driver.accept(driver.answer('DEBIT_REVERSAL', '96'));
      expect(driver.state.status).to.equal('STUCK');
      expect(driver.final).to.include({ errCode: 'U33', payeeRespCode: 'BT' });
    });

    it('credit reversal CS → SUCCESS, the credit stands', () => {
      const driver = timedOut();
      const events = driver.accept(driver.answer('CREDIT_REVERSAL', 'CS', { result: 'SUCCESS' }));
      expect(types(events)).to.deep.equal(['LegAnswered', 'PaymentCompleted']);
      expect(driver.state.status).to.equal('SUCCESS');
      expect(driver.final).to.include({ result: 'SUCCESS', finalStatus: 'SUCCESS' });
      expect(driver.payment.money).to.include({
        debitedMinor: AMOUNT,
        creditedMinor: AMOUNT,
        creditReversedMinor: 0,
      });
      expect(finalAnswerOf(driver.payment, driver.final).refs[1]).to.include({
        respCode: '00',
        settAmountMinor: AMOUNT,
      });
    });

    it('credit reversal 96 → DEEMED', () => {
      const driver = timedOut();
      driver.accept(driver.answer('CREDIT_REVERSAL', '96'));
      expect(driver.state.status).to.equal('DEEMED');
      expect(driver.final).to.include({
        result: 'SUCCESS',
        finalStatus: 'DEEMED',
        errCode: '96',
        payeeRespCode: '96',
      });
    });

    it('credit reversal timeout → DEEMED RB', () => {
      const driver = timedOut();
      driver.accept(driver.timeout('CREDIT_REVERSAL'), 10_000);
      expect(driver.state.status).to.equal('DEEMED');
      expect(driver.final).to.include({ finalStatus: 'DEEMED', errCode: 'RB', payeeRespCode: 'RB' });
    });

    it('a late credit response is recorded (U70) and the credit reversal still decides', () => {
      const driver = timedOut();
      expect(types(driver.accept(driver.answer('CREDIT', '00')))).to.deep.equal(['LateResponseRecorded']);
      expect(driver.state.status).to.equal('CREDIT_REVERSAL_PENDING');
      expect(driver.payment.money.creditedMinor).to.equal(AMOUNT);
      driver.accept(driver.answer('CREDIT_REVERSAL', 'CS', { result: 'SUCCESS' }));
      expect(driver.state.status).to.equal('SUCCESS');
    });

    it('a late credit-reversal 00 after DEEMED is recorded and proves the credit undone: RET at once', () => {
      const driver = timedOut();
      driver.accept(driver.timeout('CREDIT_REVERSAL'));
      const late = driver.accept(driver.answer('CREDIT_REVERSAL', '00'));
      expect(types(late)).to.deep.equal(['LateResponseRecorded', 'LegRequested']);
      expect(late[1]).to.include({ leg: 'DEBIT_REVERSAL', participant: REMITTER, reason: 'RETURN' });
      expect(driver.state.status).to.equal('DEEMED');
      expect(driver.payment.money).to.include({ creditedMinor: AMOUNT, creditReversedMinor: AMOUNT });
    });
  });

  it('a late auth response after the auth timeout is recorded, the payment stays FAILED U27', () => {
    const driver = new PaymentDriver();
    driver.accept(startCommand());
    driver.accept(driver.timeout('AUTH'));
    expect(types(driver.accept(driver.authOk()))).to.deep.equal(['LateResponseRecorded']);
    expect(driver.final.errCode).to.equal('U27');
    expect(driver.payment.legs.DEBIT).to.equal(undefined);
  });

  describe('timers are state-guarded', () => {
    it('a timeout after the response is a no-op (completion won)', () => {
      const driver = PaymentDriver.debitPending();
      const timer = driver.timeout('DEBIT');
      driver.accept(driver.answer('DEBIT', '00'));
      const before = structuredClone(driver.state);
      expect(driver.apply(timer)).to.deep.equal({ ok: false, rejection: 'timer_stale' });
      expect(driver.state).to.deep.equal(before);
    });

    it('a response after the timeout is late (timeout won)', () => {
      const driver = PaymentDriver.debitPending();
      const response = driver.answer('DEBIT', 'Z9');
      driver.accept(driver.timeout('DEBIT'));
      expect(types(driver.accept(response))).to.deep.equal(['LateResponseRecorded']);
      expect(driver.state.status).to.equal('DEBIT_REVERSAL_PENDING');
    });

    it('a timer for another request, or for a leg never sent, or twice, is stale', () => {
      const driver = PaymentDriver.debitPending();
      expect(
        driver.apply({
          type: 'ElapseTimer',
          policy: POLICY,
          leg: 'DEBIT',
          legMessageId: nextId(),
          nextMessageId: nextId(),
        }),
      ).to.deep.equal({ ok: false, rejection: 'timer_stale' });
      expect(
        driver.apply({
          type: 'ElapseTimer',
          policy: POLICY,
          leg: 'CREDIT',
          legMessageId: 'X',
          nextMessageId: nextId(),
        }),
      ).to.deep.equal({ ok: false, rejection: 'timer_stale' });
      const timer = driver.timeout('DEBIT');
      driver.accept(timer);
      expect(driver.apply(timer)).to.deep.equal({ ok: false, rejection: 'timer_stale' });
      expect(new PaymentDriver().apply(timer)).to.deep.equal({ ok: false, rejection: 'unknown_payment' });
    });

    it('the confirmation goes to the payee PSP only when it took part (auth sent)', () => {
      const driver = PaymentDriver.creditPending();
      expect(driver.payment.payeePsp).to.equal(PAYEE_PSP);
      expect(driver.payment.legs.AUTH).to.not.equal(undefined);
    });
  });
});
