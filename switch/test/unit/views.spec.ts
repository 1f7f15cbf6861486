import { expect } from 'chai';
import { authoriseInitiator } from '../../src/domain/authoriseInitiator.ts';
import { chkTxnAnswerOf } from '../../src/domain/chkTxnAnswerOf.ts';
import { foldEvents } from '../../src/domain/evolve.ts';
import { journeyOf } from '../../src/domain/journeyOf.ts';
import { PAYEE_PSP, PAYER_PSP, PaymentDriver, TXN_ID, startCommand } from './paymentDriver.ts';

describe('switch domain: journey, status check, initiator, fold', () => {
  it('the journey lists every hop with its time and ms since ReqPay', () => {
    const driver = PaymentDriver.creditPending();
    driver.accept(driver.timeout('CREDIT'), 15_000);
    driver.accept(driver.answer('CREDIT_REVERSAL', 'CS', { result: 'SUCCESS' }));
    driver.accept(driver.answer('CREDIT', '00'));
    const hops = journeyOf(driver.history);
    expect(hops.map((h) => h.label)).to.deep.equal([
      'ReqPay PAY received from psp.zap',
      'ReqAuthDetails sent to psp.kite',
      'RespAuthDetails received: payee resolved (00)',
      'ReqPay DEBIT sent to bank.lotus (RRN 606000000042)',
      'RespPay DEBIT received (SUCCESS 00)',
      'ReqPay CREDIT sent to bank.banyan',
      'ReqPay CREDIT timed out',
      'ReqPay REVERSAL (CREDIT) sent to bank.banyan',
      'RespPay REVERSAL (CREDIT) received (SUCCESS CS)',
      'RespPay sent: SUCCESS (SUCCESS) + ReqTxnConfirmation sent',
      'late RespPay CREDIT received (SUCCESS 00), recorded U70',
    ]);
    expect(hops[0].msSinceStart).to.equal(0);
    expect(hops[6].msSinceStart).to.equal(15_200);
    expect(hops.map((h) => h.step)).to.deep.equal(hops.map((_h, i) => i + 1));
  });

  it('folding the history rebuilds the state exactly', () => {
    const driver = PaymentDriver.creditPending();
    driver.accept(driver.answer('CREDIT', 'XI'));
    driver.accept(driver.timeout('DEBIT_REVERSAL'));
    expect(foldEvents(driver.history)).to.deep.equal(driver.state);
    expect(() => foldEvents(driver.history.slice(1))).to.throw(/before PaymentInitiated/);
  });

  it('ReqChkTxn: PENDING in flight, final status when done, U48 for strangers and unknown txns', () => {
    expect(chkTxnAnswerOf({ status: 'NEW' }, PAYER_PSP)).to.deep.equal({
      result: 'FAILURE',
      status: 'FAILURE',
      errCode: 'U48',
      refs: [],
    });
    const driver = PaymentDriver.creditPending();
    expect(chkTxnAnswerOf(driver.state, PAYER_PSP)).to.deep.equal({
      result: 'SUCCESS',
      status: 'PENDING',
      refs: [],
      custRef: '606000000042',
    });
    expect(chkTxnAnswerOf(driver.state, 'psp.other').errCode).to.equal('U48');
    driver.accept(driver.timeout('CREDIT'));
    driver.accept(driver.answer('CREDIT_REVERSAL', '96'));
    expect(chkTxnAnswerOf(driver.state, PAYEE_PSP)).to.deep.include({
      result: 'SUCCESS',
      status: 'DEEMED',
      errCode: '96',
    });
  });

  it('authoriseInitiator: PSP sender, owner of the payer handle, its own txn prefix, orgId = sender', () => {
    const zap = { id: 'psp.zap', txnPrefix: 'ZAP' };
    const kite = { id: 'psp.kite', txnPrefix: 'KIT' };
    const base = {
      sender: 'psp.zap',
      orgId: 'psp.zap',
      txnId: TXN_ID,
      senderPsp: zap,
      handleOwner: zap,
      requireHandle: true,
    };
    expect(authoriseInitiator(base)).to.deep.equal({ ok: true });
    expect(authoriseInitiator({ ...base, senderPsp: undefined })).to.deep.equal({
      ok: false,
      reason: 'sender_not_a_psp',
    });
    expect(authoriseInitiator({ ...base, handleOwner: kite })).to.deep.equal({
      ok: false,
      reason: 'payer_handle_not_owned',
    });
    expect(authoriseInitiator({ ...base, handleOwner: undefined })).to.deep.equal({
      ok: false,
      reason: 'payer_handle_not_owned',
    });
    expect(authoriseInitiator({ ...base, handleOwner: undefined, requireHandle: false })).to.deep.equal({
      ok: true,
    });
    expect(authoriseInitiator({ ...base, txnId: 'KIT' + TXN_ID.slice(3) })).to.deep.equal({
      ok: false,
      reason: 'txn_prefix_mismatch',
    });
    expect(authoriseInitiator({ ...base, orgId: 'psp.kite' })).to.deep.equal({
      ok: false,
      reason: 'org_id_mismatch',
    });
  });

  it('a payment that fails before auth never involves the payee PSP', () => {
    const driver = new PaymentDriver();
    driver.accept(startCommand({}, 20_000_000));
    expect(chkTxnAnswerOf(driver.state, PAYEE_PSP).errCode).to.equal('U48');
  });
});
