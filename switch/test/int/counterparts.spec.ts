/**
 * Issue 7: the permissions table only knows roles (a bank may answer ReqListAccount); which bank or PSP the
 * switch asked is state the switch holds. Every answer must come from the very participant it was sent to:
 * here an answer from the right role but the wrong participant is refused, for each kind of answer.
 */
import { expect } from 'chai';
import {
  fixture,
  newTxnId,
  type Message,
  type ReqAuthDetails,
  type ReqListAccount,
  type ReqPayCredit,
  type ReqPayDebit,
  type ReqSetCre,
  type ReqTxnConfirmation,
  type RespSetCre,
} from '@switchyard/contracts';
import { PermanentError } from '@switchyard/outbox';
import {
  BENEFICIARY,
  PAYEE_PSP,
  PAYER_PSP,
  REMITTER,
  reqPay,
  respAuthDetails,
  respCredit,
  respDebit,
  respTxnConfirmation,
} from './support/peerMessages.ts';
import { createHandlerWorld, type HandlerWorld } from './support/handlerWorld.ts';

const TIMEOUTS_MS = {
  AUTH: 10_000,
  DEBIT: 15_000,
  CREDIT: 15_000,
  DEBIT_REVERSAL: 10_000,
  CREDIT_REVERSAL: 10_000,
};

describe('switch: answers only from the participant it asked (same role is not enough)', function () {
  this.timeout(30_000);
  let w: HandlerWorld;

  before(async () => {
    w = await createHandlerWorld(TIMEOUTS_MS);
  });
  after(async () => w?.drop());

  /** The PermanentError reason delivering `message` as `from` ends with, or 'accepted'. */
  const outcome = async (from: string, message: Message): Promise<string> => {
    try {
      await w.deliver(from, message);
      return 'accepted';
    } catch (error) {
      expect(error).to.be.instanceOf(PermanentError);
      return (error as PermanentError).reason;
    }
  };

  it('a payment: RespAuthDetails from another PSP, RespPay legs from the other bank, RespTxnConfirmation from the payer PSP', async () => {
    const request = reqPay();
    const txnId = request.txn.id;
    await w.deliver(PAYER_PSP, request);
    const [auth] = await w.takeSent(txnId);
    const authAnswer = respAuthDetails(auth.message as ReqAuthDetails);
    expect(await outcome(PAYER_PSP, authAnswer)).to.equal('wrong_sender');
    expect(await outcome(PAYEE_PSP, authAnswer)).to.equal('accepted');
    const [debit] = await w.takeSent(txnId);
    expect(await outcome(BENEFICIARY, respDebit(debit.message as ReqPayDebit, '00'))).to.equal(
      'wrong_sender',
    );
    expect(await outcome(REMITTER, respDebit(debit.message as ReqPayDebit, '00'))).to.equal('accepted');
    const [credit] = await w.takeSent(txnId);
    expect(await outcome(REMITTER, respCredit(credit.message as ReqPayCredit, '00'))).to.equal(
      'wrong_sender',
    );
    expect(await outcome(BENEFICIARY, respCredit(credit.message as ReqPayCredit, '00'))).to.equal('accepted');
    const sent = await w.takeSent(txnId);
    const confirmation = sent.find((s) => s.type === 'upi.ReqTxnConfirmation.v1')!
      .message as ReqTxnConfirmation;
    expect(await outcome(PAYER_PSP, respTxnConfirmation(confirmation))).to.equal('wrong_sender');
    expect(await outcome(PAYEE_PSP, respTxnConfirmation(confirmation))).to.equal('accepted');
  });

  it('forwarded requests: RespListAccount and RespSetCre from another bank than the one asked', async () => {
    const listing = fixture('upi.ReqListAccount.v1');
    listing.txn.id = newTxnId('ZAP');
    await w.deliver(PAYER_PSP, listing);
    const [forwardedListing] = await w.takeSent(listing.txn.id);
    expect(forwardedListing.recipient).to.equal(REMITTER);
    const accounts = fixture('upi.RespListAccount.v1');
    accounts.txn.id = listing.txn.id;
    accounts.resp.reqMsgId = (forwardedListing.message as ReqListAccount).head.msgId;
    expect(await outcome(BENEFICIARY, accounts)).to.equal('wrong_sender');
    expect(await w.takeSent(listing.txn.id)).to.deep.equal([]);
    expect(await outcome(REMITTER, accounts)).to.equal('accepted');
    expect((await w.takeSent(listing.txn.id)).map((s) => s.recipient)).to.deep.equal([PAYER_PSP]);

    const setCre = fixture('upi.ReqSetCre.v1');
    setCre.txn.id = newTxnId('ZAP');
    await w.deliver(PAYER_PSP, setCre);
    const [forwardedSetCre] = await w.takeSent(setCre.txn.id);
    const answer: RespSetCre = fixture('upi.RespSetCre.v1');
    answer.txn.id = setCre.txn.id;
    answer.resp.reqMsgId = (forwardedSetCre.message as ReqSetCre).head.msgId;
    expect(await outcome(BENEFICIARY, answer)).to.equal('wrong_sender');
    expect(await outcome(REMITTER, answer)).to.equal('accepted');
    expect((await w.takeSent(setCre.txn.id)).map((s) => s.recipient)).to.deep.equal([PAYER_PSP]);
  });
});
