/**
 * Resolution of uncertain outcomes (docs/upi.md §6.5), given/when/then on decide/evolve: DEEMED ends by
 * TCC or RET, unanswered reversals are retried with backoff then auto-reversed, late answers that prove
 * the outcome resolve at once (the stranded case), an open breaker declines at once.
 */
import { expect } from 'chai';
import { decode, declineClass } from '@switchyard/contracts';
import { effectsOf } from '../../src/domain/effectsOf.ts';
import { finalAnswerOf } from '../../src/domain/finalAnswerOf.ts';
import type { PaymentResolved } from '../../src/domain/paymentEvents.ts';
import {
  AMOUNT,
  BENEFICIARY,
  PAYEE_PSP,
  PAYER_PSP,
  PaymentDriver,
  POLICY,
  REMITTER,
  nextId,
  startCommand,
  types,
} from './paymentDriver.ts';

const net = (driver: PaymentDriver) => {
  const m = driver.payment.money;
  return { payer: m.debitedMinor - m.debitReversedMinor, payee: m.creditedMinor - m.creditReversedMinor };
};

/** Given: credit timed out, credit reversal timed out → DEEMED RB, credit check sent. */
const deemed = (): PaymentDriver => {
  const driver = PaymentDriver.creditPending();
  driver.accept(driver.timeout('CREDIT'));
  const events = driver.accept(driver.timeout('CREDIT_REVERSAL'));
  expect(types(events)).to.deep.equal(['LegTimedOut', 'PaymentCompleted', 'LegRequested']);
  expect(events[2]).to.include({ leg: 'CREDIT_CHECK', participant: BENEFICIARY });
  expect(driver.state.status).to.equal('DEEMED');
  return driver;
};

/** Given: debit timed out, its reversal timed out → REVERSAL_UNKNOWN RR, reversal re-sent (attempt 2). */
const reversalUnknown = (): PaymentDriver => {
  const driver = PaymentDriver.debitPending();
  driver.accept(driver.timeout('DEBIT'));
  const events = driver.accept(driver.timeout('DEBIT_REVERSAL'));
  expect(types(events)).to.deep.equal(['LegTimedOut', 'PaymentCompleted', 'LegRequested']);
  expect(events[2]).to.include({
    leg: 'DEBIT_REVERSAL',
    participant: REMITTER,
    attempt: 2,
    orgRespCode: 'UT',
  });
  expect(driver.state.status).to.equal('REVERSAL_UNKNOWN');
  expect(driver.final).to.include({ errCode: 'U67', payerRespCode: 'RR' });
  return driver;
};

const resolution = (driver: PaymentDriver): PaymentResolved => {
  const event = driver.history.findLast((e) => e.type === 'PaymentResolved');
  if (event?.type !== 'PaymentResolved') throw new Error('not resolved');
  return event;
};

describe('switch domain: resolution of uncertain outcomes', () => {
  describe('DEEMED', () => {
    it('an uncertain answer carries the end of its window (resolveBy = answer + window)', () => {
      const driver = deemed();
      const completedAt = Date.parse(driver.final.at);
      expect(Date.parse(driver.payment.resolveBy!)).to.equal(completedAt + POLICY.windowMs);
    });

    it('credit reversal answered 96 → DEEMED and the credit check goes at once', () => {
      const driver = PaymentDriver.creditPending();
      driver.accept(driver.timeout('CREDIT'));
      const events = driver.accept(driver.answer('CREDIT_REVERSAL', '96'));
      expect(types(events)).to.deep.equal(['LegAnswered', 'PaymentCompleted', 'LegRequested']);
      expect(driver.state.status).to.equal('DEEMED');
      expect(driver.payment.legs.CREDIT_CHECK).to.include({ outcome: 'PENDING', participant: BENEFICIARY });
    });

    it('TCC: the bank says the credit stands (CS) → SUCCESS, both PSPs told again', () => {
      const driver = deemed();
      const events = driver.accept(driver.answer('CREDIT_CHECK', 'CS', { result: 'SUCCESS' }));
      expect(types(events)).to.deep.equal(['LegAnswered', 'PaymentResolved']);
      expect(driver.state.status).to.equal('SUCCESS');
      expect(resolution(driver)).to.include({ by: 'TCC', finalStatus: 'SUCCESS', notified: true });
      expect(net(driver)).to.deep.equal({ payer: AMOUNT, payee: AMOUNT });
      const sent = effectsOf(driver.state, events, {
        switchId: 'switch',
        now: driver.now,
        newMessageId: nextId,
      });
      expect(sent.messages.map((m) => [m.recipient, m.message.type])).to.deep.equal([
        [PAYER_PSP, 'upi.RespPay.PAY.v1'],
        [PAYEE_PSP, 'upi.ReqTxnConfirmation.v1'],
      ]);
      expect(sent.messages[0].message).to.deep.include({ type: 'upi.RespPay.PAY.v1' });
      expect((sent.messages[0].message as { resp: { status: string } }).resp.status).to.equal('SUCCESS');
      for (const m of sent.messages) expect(decode(m.message).ok).to.equal(true);
    });

    for (const code of ['NC', 'OC', '00']) {
      it(`RET: the check answers ${code} → debit reversal → REVERSED U34, both PSPs told FAILURE`, () => {
        const driver = deemed();
        const ret = driver.accept(driver.answer('CREDIT_CHECK', code));
        expect(types(ret)).to.deep.equal(['LegAnswered', 'LegRequested']);
        expect(ret[1]).to.include({
          leg: 'DEBIT_REVERSAL',
          participant: REMITTER,
          reason: 'RETURN',
          orgRespCode: '00',
        });
        expect(driver.state.status).to.equal('DEEMED');
        const done = driver.accept(driver.answer('DEBIT_REVERSAL', '00'));
        expect(types(done)).to.deep.equal(['LegAnswered', 'PaymentResolved']);
        expect(driver.state.status).to.equal('REVERSED');
        expect(driver.final).to.include({
          result: 'FAILURE',
          finalStatus: 'FAILURE',
          errCode: 'U34',
          payeeRespCode: 'BT',
        });
        expect(resolution(driver)).to.include({ by: 'DEBIT_REVERSAL', notified: true });
        expect(net(driver)).to.deep.equal({ payer: 0, payee: 0 });
        expect(finalAnswerOf(driver.payment, driver.final).refs.map((r) => r.settAmountMinor)).to.deep.equal([
          0, 0,
        ]);
      });
    }

    it('a check that times out is re-sent (attempt 2, its timer doubled by the handler); an answer to attempt 1 still counts', () => {
      const driver = deemed();
      const first = driver.legMessageId('CREDIT_CHECK');
      const retry = driver.accept(driver.timeout('CREDIT_CHECK'));
      expect(types(retry)).to.deep.equal(['LegTimedOut', 'LegRequested']);
      expect(retry[1]).to.include({ leg: 'CREDIT_CHECK', attempt: 2 });
      const effects = effectsOf(driver.state, retry, {
        switchId: 'switch',
        now: driver.now,
        newMessageId: nextId,
      });
      expect(effects.arm).to.deep.equal([
        { leg: 'CREDIT_CHECK', messageId: driver.legMessageId('CREDIT_CHECK'), attempt: 2 },
      ]);
      expect(effects.cancel).to.deep.equal(['CREDIT_CHECK']);
      driver.accept(driver.answer('CREDIT_CHECK', 'CS', { requestMessageId: first, result: 'SUCCESS' }));
      expect(driver.state.status).to.equal('SUCCESS');
    });

    it('a check answered with a technical code settles nothing: retried when its timer fires', () => {
      const driver = deemed();
      const events = driver.accept(driver.answer('CREDIT_CHECK', '96'));
      expect(types(events)).to.deep.equal(['LegAnswered', 'LegRetryScheduled']);
      const effects = effectsOf(driver.state, events, {
        switchId: 'switch',
        now: driver.now,
        newMessageId: nextId,
      });
      expect(effects.cancel).to.deep.equal(['CREDIT_CHECK']);
      expect(effects.arm).to.have.length(1);
      const retry = driver.accept(driver.timeout('CREDIT_CHECK'));
      expect(types(retry)).to.deep.equal(['LegRequested']);
      expect(retry[0]).to.include({ leg: 'CREDIT_CHECK', attempt: 2 });
    });
  });

  describe('the stranded case and other late answers', () => {
    it('credit and credit reversal time out (DEEMED), the bank applies both late: the late 00 proves the credit undone → RET → REVERSED, money conserved', () => {
      const driver = deemed();
      expect(types(driver.accept(driver.answer('CREDIT', '00')))).to.deep.equal(['LateResponseRecorded']);
      expect(driver.state.status).to.equal('DEEMED');
      const late = driver.accept(driver.answer('CREDIT_REVERSAL', '00'));
      expect(types(late)).to.deep.equal(['LateResponseRecorded', 'LegRequested']);
      expect(late[1]).to.include({ leg: 'DEBIT_REVERSAL', reason: 'RETURN' });
      driver.accept(driver.answer('DEBIT_REVERSAL', '00'));
      expect(driver.state.status).to.equal('REVERSED');
      expect(net(driver)).to.deep.equal({ payer: 0, payee: 0 });
      expect(driver.payment.money).to.deep.equal({
        debitedMinor: AMOUNT,
        debitReversedMinor: AMOUNT,
        creditedMinor: AMOUNT,
        creditReversedMinor: AMOUNT,
      });
      // The credit check, answered after, changes nothing (the bank answers 00: reversed).
      expect(types(driver.accept(driver.answer('CREDIT_CHECK', '00')))).to.deep.equal(['LegAnswered']);
      expect(driver.state.status).to.equal('REVERSED');
    });

    it('a late credit-reversal CS after DEEMED → SUCCESS at once (TCC by the late answer)', () => {
      const driver = deemed();
      driver.accept(driver.answer('CREDIT_REVERSAL', 'CS', { result: 'SUCCESS' }));
      expect(driver.state.status).to.equal('SUCCESS');
      expect(resolution(driver)).to.include({ by: 'LATE_ANSWER', notified: true });
      expect(net(driver)).to.deep.equal({ payer: AMOUNT, payee: AMOUNT });
    });

    it('a late credit-reversal 96 proves nothing: DEEMED stays, the check decides', () => {
      const driver = deemed();
      expect(types(driver.accept(driver.answer('CREDIT_REVERSAL', '96')))).to.deep.equal([
        'LateResponseRecorded',
      ]);
      expect(driver.state.status).to.equal('DEEMED');
    });

    it('a late declined credit after DEEMED → RET at once; a late approved one waits (its reversal may still apply)', () => {
      const declined = deemed();
      expect(types(declined.accept(declined.answer('CREDIT', 'XI')))).to.deep.equal([
        'LateResponseRecorded',
        'LegRequested',
      ]);
      const approved = deemed();
      expect(types(approved.accept(approved.answer('CREDIT', '00')))).to.deep.equal(['LateResponseRecorded']);
    });

    it('a late approved credit after a credit reversal answered 96 → TCC', () => {
      const driver = PaymentDriver.creditPending();
      driver.accept(driver.timeout('CREDIT'));
      driver.accept(driver.answer('CREDIT_REVERSAL', '96'));
      driver.accept(driver.answer('CREDIT', '00'));
      expect(driver.state.status).to.equal('SUCCESS');
    });

    it('a late declined debit after RR proves no money moved → FAILED at once (PSPs not told again: still FAILURE)', () => {
      const driver = reversalUnknown();
      const events = driver.accept(driver.answer('DEBIT', 'Z9'));
      expect(types(events)).to.deep.equal(['LateResponseRecorded', 'PaymentResolved']);
      expect(driver.state.status).to.equal('FAILED');
      expect(resolution(driver)).to.include({ by: 'LATE_ANSWER', notified: false, errCode: 'U67' });
      expect(
        effectsOf(driver.state, events, { switchId: 'switch', now: driver.now, newMessageId: nextId })
          .messages,
      ).to.deep.equal([]);
      // The reversal still out there answers later: recorded, nothing changes.
      expect(types(driver.accept(driver.answer('DEBIT_REVERSAL', 'ND')))).to.deep.equal(['LegAnswered']);
      expect(driver.state.status).to.equal('FAILED');
    });
  });

  describe('unanswered reversals: retried with backoff, then the remitter auto-reverses', () => {
    it('RR: reversal re-sent up to 3 requests, then AUTO_REVERSAL (re-sent until answered) → REVERSED', () => {
      const driver = reversalUnknown();
      const third = driver.accept(driver.timeout('DEBIT_REVERSAL'));
      expect(third[1]).to.include({ leg: 'DEBIT_REVERSAL', attempt: 3 });
      const auto = driver.accept(driver.timeout('DEBIT_REVERSAL'));
      expect(types(auto)).to.deep.equal(['LegTimedOut', 'LegRequested']);
      expect(auto[1]).to.include({ leg: 'AUTO_REVERSAL', participant: REMITTER });
      const again = driver.accept(driver.timeout('AUTO_REVERSAL'));
      expect(again[1]).to.include({ leg: 'AUTO_REVERSAL', attempt: 2 });
      const effects = effectsOf(driver.state, again, {
        switchId: 'switch',
        now: driver.now,
        newMessageId: nextId,
      });
      expect(effects.messages[0].message.type).to.equal('upi.ReqAutoReversal.v1');
      expect(decode(effects.messages[0].message).ok).to.equal(true);
      driver.accept(driver.answer('AUTO_REVERSAL', '00'));
      expect(driver.state.status).to.equal('REVERSED');
      expect(resolution(driver)).to.include({
        by: 'AUTO_REVERSAL',
        notified: false,
        errCode: 'U67',
        payerRespCode: 'UT',
      });
      expect(net(driver).payer).to.equal(0);
    });

    it('a late answer to an exhausted reversal settles it while the auto-reversal is out', () => {
      const driver = reversalUnknown();
      driver.accept(driver.timeout('DEBIT_REVERSAL'));
      driver.accept(driver.timeout('DEBIT_REVERSAL'));
      const late = driver.accept(driver.answer('DEBIT_REVERSAL', '00'));
      expect(types(late)).to.deep.equal(['LateResponseRecorded', 'PaymentResolved']);
      expect(driver.state.status).to.equal('REVERSED');
    });

    it('RR: the retried reversal answers ND (no debit) → FAILED', () => {
      const driver = reversalUnknown();
      driver.accept(driver.answer('DEBIT_REVERSAL', 'ND'));
      expect(driver.state.status).to.equal('FAILED');
      expect(net(driver).payer).to.equal(0);
    });

    it('STUCK (reversal 96) → retried at its timer → 00 → REVERSED', () => {
      const driver = PaymentDriver.creditPending();
      driver.accept(driver.answer('CREDIT', 'XI'));
      const stuck = driver.accept(driver.answer('DEBIT_REVERSAL', '96'));
      expect(types(stuck)).to.deep.equal(['LegAnswered', 'PaymentCompleted', 'LegRetryScheduled']);
      expect(driver.state.status).to.equal('STUCK');
      expect(driver.final).to.include({ errCode: 'U33' });
      const retry = driver.accept(driver.timeout('DEBIT_REVERSAL'));
      expect(types(retry)).to.deep.equal(['LegRequested']);
      expect(retry[0]).to.include({ leg: 'DEBIT_REVERSAL', attempt: 2 });
      const ended = driver.accept(driver.answer('DEBIT_REVERSAL', '00'));
      expect(driver.state.status).to.equal('REVERSED');
      expect(driver.final).to.include({ errCode: 'U31' });
      // U33 → U31: the PSPs are told the code it ended with (the customer learns the money came back).
      expect(resolution(driver)).to.include({ by: 'DEBIT_REVERSAL', notified: true, errCode: 'U31' });
      const effects = effectsOf(driver.state, ended, {
        switchId: 'switch',
        now: driver.now,
        newMessageId: nextId,
      });
      expect(effects.messages.map((m) => m.message.type)).to.include.members([
        'upi.RespPay.PAY.v1',
        'upi.ReqTxnConfirmation.v1',
      ]);
    });

    it('with one attempt allowed, a reversal timeout goes straight to the auto-reversal', () => {
      const driver = PaymentDriver.debitPending();
      driver.accept(driver.timeout('DEBIT'));
      const events = driver.accept({
        ...driver.timeout('DEBIT_REVERSAL'),
        policy: { ...POLICY, reversalAttemptsMax: 1 },
      });
      expect(events[2]).to.include({ leg: 'AUTO_REVERSAL' });
    });

    it('a timer firing after the payment ended only records the timeout', () => {
      const driver = reversalUnknown();
      driver.accept(driver.answer('DEBIT', 'Z9'));
      expect(types(driver.accept(driver.timeout('DEBIT_REVERSAL')))).to.deep.equal(['LegTimedOut']);
      expect(driver.state.status).to.equal('FAILED');
    });
  });

  describe('circuit breakers: an open breaker declines at once, technical', () => {
    it('remitter bank unavailable at ReqPay → FAILED U90 (TD), no leg sent', () => {
      const driver = new PaymentDriver();
      const events = driver.accept(startCommand({ unavailableBanks: [REMITTER] }));
      expect(types(events)).to.deep.equal(['PaymentInitiated', 'BankUnavailable', 'PaymentCompleted']);
      expect(events[1]).to.include({ bank: REMITTER, role: 'REMITTER' });
      expect(driver.final).to.include({ errCode: 'U90' });
      expect(declineClass('U90')).to.equal('TD');
      expect(driver.payment.legs).to.deep.equal({});
    });

    it('beneficiary bank unavailable when the payee resolves → FAILED U91 (TD), no debit', () => {
      const driver = new PaymentDriver();
      driver.accept(startCommand());
      const events = driver.accept({ ...driver.authOk(), unavailableBanks: [BENEFICIARY] });
      expect(types(events)).to.deep.equal(['PayeeResolved', 'BankUnavailable', 'PaymentCompleted']);
      expect(driver.final).to.include({ errCode: 'U91' });
      expect(declineClass('U91')).to.equal('TD');
      expect(driver.payment.legs.DEBIT).to.equal(undefined);
    });

    it('remitter bank unavailable when the payee resolves → U90; another bank down changes nothing', () => {
      const driver = new PaymentDriver();
      driver.accept(startCommand({ unavailableBanks: ['bank.other'] }));
      driver.accept({ ...driver.authOk(), unavailableBanks: [REMITTER] });
      expect(driver.final).to.include({ errCode: 'U90' });
    });
  });
});
