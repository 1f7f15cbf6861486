import { expect } from 'chai';
import { finalAnswerOf } from '../../src/domain/finalAnswerOf.ts';
import {
  AMOUNT,
  BENEFICIARY,
  CAP,
  PAYEE_AC,
  PAYEE_PSP,
  PAYER_AC,
  PaymentDriver,
  REMITTER,
  TXN_ID,
  nextId,
  startCommand,
  types,
  POLICY,
} from './paymentDriver.ts';

describe('switch domain: P2P push payment, success and validation', () => {
  it('ReqPay → ReqAuthDetails to the payee PSP, AUTH_PENDING', () => {
    const driver = new PaymentDriver();
    const command = startCommand();
    const events = driver.accept(command);
    expect(types(events)).to.deep.equal(['PaymentInitiated', 'LegRequested']);
    expect(events[1]).to.include({ leg: 'AUTH', participant: PAYEE_PSP, messageId: command.nextMessageId });
    expect(driver.state.status).to.equal('AUTH_PENDING');
    expect(driver.payment).to.include({
      txnId: TXN_ID,
      payerPsp: 'psp.zap',
      amountMinor: AMOUNT,
      remitterBank: REMITTER,
    });
  });

  it('RespAuthDetails success → DEBIT to the remitter bank with the RRN; debit 00 → CREDIT; credit 00 → SUCCESS', () => {
    const driver = new PaymentDriver();
    driver.accept(startCommand());
    const auth = driver.accept(driver.authOk());
    expect(types(auth)).to.deep.equal(['PayeeResolved', 'LegRequested']);
    expect(auth[1]).to.include({ leg: 'DEBIT', participant: REMITTER, rrn: '606000000042' });
    expect(driver.state.status).to.equal('DEBIT_PENDING');
    expect(driver.payment.beneficiaryBank).to.equal(BENEFICIARY);

    const debit = driver.accept(driver.answer('DEBIT', '00'));
    expect(types(debit)).to.deep.equal(['LegAnswered', 'LegRequested']);
    expect(debit[1]).to.include({ leg: 'CREDIT', participant: BENEFICIARY });
    expect(driver.state.status).to.equal('CREDIT_PENDING');

    const credit = driver.accept(driver.answer('CREDIT', '00'));
    expect(types(credit)).to.deep.equal(['LegAnswered', 'PaymentCompleted']);
    expect(driver.state.status).to.equal('SUCCESS');
    expect(driver.final).to.include({ result: 'SUCCESS', finalStatus: 'SUCCESS' });
    expect(driver.final.errCode).to.equal(undefined);
    expect(driver.payment.money).to.deep.equal({
      debitedMinor: AMOUNT,
      debitReversedMinor: 0,
      creditedMinor: AMOUNT,
      creditReversedMinor: 0,
    });

    const answer = finalAnswerOf(driver.payment, driver.final);
    expect(answer.custRef).to.equal('606000000042');
    expect(answer.refs).to.deep.equal([
      {
        type: 'PAYER',
        seqNum: 1,
        addr: 'asha@zap',
        settAmountMinor: AMOUNT,
        respCode: '00',
        approvalNum: 'APR001',
      },
      {
        type: 'PAYEE',
        seqNum: 1,
        addr: 'vikram@kite',
        settAmountMinor: AMOUNT,
        respCode: '00',
        approvalNum: 'APR001',
      },
    ]);
  });

  it('the credit is only ever requested after a successful debit response', () => {
    const driver = PaymentDriver.debitPending();
    expect(driver.payment.legs.CREDIT).to.equal(undefined);
    const declined = driver.accept(driver.answer('DEBIT', 'Z9'));
    expect(declined.some((e) => e.type === 'LegRequested')).to.equal(false);
  });

  it('amount over the P2P cap → FAILED U02, nothing sent to anyone', () => {
    const driver = new PaymentDriver();
    const events = driver.accept(startCommand({}, CAP + 1));
    expect(types(events)).to.deep.equal(['PaymentInitiated', 'PaymentCompleted']);
    expect(driver.state.status).to.equal('FAILED');
    expect(driver.final).to.include({ result: 'FAILURE', finalStatus: 'FAILURE', errCode: 'U02' });
    expect(finalAnswerOf(driver.payment, driver.final).refs).to.deep.equal([]);
  });

  it('exactly the cap is allowed', () => {
    const driver = new PaymentDriver();
    driver.accept(startCommand({}, CAP));
    expect(driver.state.status).to.equal('AUTH_PENDING');
  });

  it('a second ReqPay with an existing txn id is rejected as duplicate and changes nothing', () => {
    const driver = PaymentDriver.debitPending();
    const before = structuredClone(driver.state);
    const decision = driver.apply(
      startCommand({ request: { ...startCommand().request, messageId: 'DUPLICATEMSG' } }),
    );
    expect(decision).to.deep.equal({ ok: false, rejection: 'duplicate_txn' });
    expect(driver.state).to.deep.equal(before);
  });

  it('an unknown payee handle → FAILED U29 with payee leg ZH, no ReqAuthDetails', () => {
    const driver = new PaymentDriver();
    const command = startCommand();
    delete command.payeePsp;
    const events = driver.accept(command);
    expect(types(events)).to.deep.equal(['PaymentInitiated', 'PaymentCompleted']);
    expect(driver.final).to.include({ errCode: 'U29', payeeRespCode: 'ZH' });
    expect(finalAnswerOf(driver.payment, driver.final).refs).to.deep.equal([
      { type: 'PAYEE', seqNum: 1, addr: 'vikram@kite', settAmountMinor: 0, respCode: 'ZH' },
    ]);
  });

  it('an unknown remitter bank (payer IFSC) → FAILED U28', () => {
    const driver = new PaymentDriver();
    const command = startCommand();
    delete command.remitterBank;
    driver.accept(command);
    expect(driver.final).to.include({ errCode: 'U28', finalStatus: 'FAILURE' });
  });

  it('payee account equal to the payer account → FAILED U96 (payee leg RA), no debit', () => {
    const driver = new PaymentDriver();
    driver.accept(startCommand());
    const events = driver.accept(
      driver.authOk({ addr: 'vikram@kite', name: 'Asha Rao', ac: { ...PAYER_AC } }),
    );
    expect(types(events)).to.deep.equal(['PayeeResolved', 'PaymentCompleted']);
    expect(driver.final).to.include({ errCode: 'U96', payeeRespCode: 'RA' });
    expect(driver.payment.legs.DEBIT).to.equal(undefined);
  });

  it('a payee IFSC no bank owns → FAILED U78', () => {
    const driver = new PaymentDriver();
    driver.accept(startCommand());
    driver.accept(
      driver.authOk(
        { addr: 'vikram@kite', name: 'V', ac: { acNum: '300000000001', ifsc: 'ZZZZ0000001' } },
        null,
      ),
    );
    expect(driver.final).to.include({ errCode: 'U78' });
  });

  it('records RespTxnConfirmation from the payee PSP once, after completion', () => {
    const driver = PaymentDriver.creditPending();
    expect(
      driver.apply({ type: 'RecordTxnConfirmation', sender: PAYEE_PSP, result: 'SUCCESS' }),
    ).to.deep.equal({ ok: false, rejection: 'unexpected_response' });
    driver.accept(driver.answer('CREDIT', '00'));
    expect(
      driver.apply({ type: 'RecordTxnConfirmation', sender: 'psp.zap', result: 'SUCCESS' }),
    ).to.deep.equal({ ok: false, rejection: 'wrong_sender' });
    expect(
      types(driver.accept({ type: 'RecordTxnConfirmation', sender: PAYEE_PSP, result: 'SUCCESS' })),
    ).to.deep.equal(['TxnConfirmationRecorded']);
    expect(driver.payment.confirmation?.result).to.equal('SUCCESS');
    expect(
      driver.apply({ type: 'RecordTxnConfirmation', sender: PAYEE_PSP, result: 'SUCCESS' }),
    ).to.deep.equal({ ok: false, rejection: 'response_already_received' });
  });

  it('refuses responses for unknown payments, from the wrong sender, for another request, or twice', () => {
    const fresh = new PaymentDriver();
    expect(
      fresh.apply({
        type: 'AnswerLeg',
        policy: POLICY,
        leg: 'DEBIT',
        sender: REMITTER,
        requestMessageId: 'X',
        result: 'SUCCESS',
        respCode: '00',
        nextMessageId: nextId(),
      }),
    ).to.deep.equal({ ok: false, rejection: 'unknown_payment' });
    const driver = PaymentDriver.debitPending();
    expect(driver.apply(driver.answer('DEBIT', '00', { sender: BENEFICIARY }))).to.deep.equal({
      ok: false,
      rejection: 'wrong_sender',
    });
    expect(driver.apply(driver.answer('DEBIT', '00', { requestMessageId: nextId() }))).to.deep.equal({
      ok: false,
      rejection: 'response_mismatch',
    });
    expect(
      driver.apply({
        type: 'AnswerLeg',
        policy: POLICY,
        leg: 'CREDIT',
        sender: BENEFICIARY,
        requestMessageId: 'X',
        result: 'SUCCESS',
        respCode: '00',
        nextMessageId: nextId(),
      }),
    ).to.deep.equal({ ok: false, rejection: 'unexpected_response' });
    const auth = driver.authOk({ addr: 'vikram@kite', name: 'Vikram Singh', ac: PAYEE_AC });
    expect(driver.apply(auth)).to.deep.equal({ ok: false, rejection: 'response_already_received' });
  });
});
