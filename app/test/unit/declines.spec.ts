/** Declines as a person reads them: the leg's reason under the switch's code, never a bare code. */
import { expect } from 'chai';
import type { PaymentView } from '@switchyard/psp';
import { messageForCode, paymentProblem, requestProblem } from '../../src/declines.ts';

const payment = (status: PaymentView['status'], errCode: string | null, legCodes: string[] = []) => ({
  status,
  errCode,
  legs: legCodes.map((respCode, i) => ({
    type: i === 0 ? ('PAYER' as const) : ('PAYEE' as const),
    seqNum: i + 1,
    addr: 'x@zap',
    respCode,
    settAmount: '0.00',
    approvalNum: null,
    declineClass: null,
  })),
});

describe('the app: decline messages', () => {
  const cases: Array<[ReturnType<typeof payment>, RegExp]> = [
    [payment('FAILURE', 'U30', ['ZM']), /^Wrong UPI PIN\. /],
    [payment('FAILURE', 'U30', ['Z6']), /PIN is locked/],
    [payment('FAILURE', 'U30', ['AM']), /not set a UPI PIN/],
    [payment('FAILURE', 'U30', ['Z9']), /^Not enough balance/],
    [payment('FAILURE', 'U30', ['Z8']), /limit your bank allows for one payment/],
    [payment('FAILURE', 'U30', ['ZU']), /daily limit/],
    [payment('FAILURE', 'U30', ['YE']), /blocked/],
    [
      payment('FAILURE', 'U31', ['00', 'XI']),
      /payee's bank account does not exist\. Any money taken has been returned/,
    ],
    [payment('FAILURE', 'U29', ['ZH']), /No one has this UPI ID/],
    [payment('FAILURE', 'U67', ['UT']), /^Your bank took too long to answer\./],
    [payment('FAILURE', 'U67', ['RR']), /^Your bank took too long to answer\./],
    [payment('FAILURE', 'U68', ['00', 'BT']), /payee's bank took too long/],
    [payment('FAILURE', 'U02'), /UPI limit for one payment/],
    [payment('FAILURE', 'U96', []), /your own account/],
    [payment('DEEMED', 'RB', ['00', 'RB']), /Do not pay again/],
    [payment('FAILURE', 'T01'), /Something went wrong on the network \(code T01\)/],
  ];
  for (const [given, expected] of cases) {
    it(`${given.status} ${given.errCode} ${given.legs.map((l) => l.respCode).join('/')} → ${expected.source}`, () => {
      const text = paymentProblem(given);
      expect(text).to.match(expected);
      expect(text).to.not.match(/^[A-Z0-9]{2,3}$/);
    });
  }

  it('a successful or pending payment has no problem', () => {
    expect(paymentProblem(payment('SUCCESS', null, ['00', '00']))).to.equal(undefined);
    expect(paymentProblem(payment('PENDING', null))).to.equal(undefined);
  });

  it('a business decline the table does not list reads as its meaning', () => {
    expect(messageForCode('UX')).to.match(/expired/);
    expect(messageForCode('U16')).to.equal('The payment was declined: risk threshold exceeded.');
  });

  it('PIN set refusals (upiCode) and PSP errors read as sentences', () => {
    expect(requestProblem({ upiCode: 'XN', message: 'x' })).to.match(/card details do not match/);
    expect(requestProblem({ upiCode: 'ZR', message: 'x' })).to.match(/code is not right/);
    expect(requestProblem({ upiCode: 'ZT', message: 'x' })).to.match(/locked PIN setting for 24 hours/);
    expect(requestProblem({ code: 'PSP_ERR_OTP_INCORRECT', message: 'x' })).to.match(/code is not right/);
    expect(requestProblem({ code: 'PSP_ERR_VPA_TAKEN', message: 'x' })).to.match(/taken/);
    expect(requestProblem({ code: 'PSP_ERR_INTERNAL', status: 500, message: 'x' })).to.match(/not available/);
  });
});
