/**
 * Issue 7: the switch never dead-letters a well-signed request because of its content. An authentic
 * request whose content fails its schema (published at the queue level, sealed by its sender without the
 * schema check) gets its FAILURE answer with the validation code of the part the invalid field is in, so
 * the PSP that accepted it can give it a final status; what cannot be answered (no txn id to cite, a
 * sender that may not start it, an invalid response) is dead-lettered with the reason.
 */
import { expect } from 'chai';
import { sql } from 'slonik';
import {
  declineClass,
  fixture,
  isoTimestamp,
  newMessageId,
  newTxnId,
  type RespListAccount,
  type RespOtp,
  type RespPayFinal,
  type RespSetCre,
  type RespValAdd,
} from '@switchyard/contracts';
import { PAYEE_PSP, PAYER_PSP, REMITTER, reqPay } from './support/peerMessages.ts';
import { sleep, startHarness, type Harness } from './support/switchHarness.ts';

const TIMEOUTS_MS = {
  AUTH: 3_000,
  DEBIT: 2_000,
  CREDIT: 2_000,
  DEBIT_REVERSAL: 1_500,
  CREDIT_REVERSAL: 1_500,
};

type Json = Record<string, unknown>;
/** A deep copy of `message` with `path` (JSON pointer) set to `value`. */
const withField = <M>(message: M, path: string, value: unknown): Json => {
  const copy = structuredClone(message) as Json;
  const parts = path.split('/').slice(1);
  let node = copy;
  for (const part of parts.slice(0, -1)) node = node[part] as Json;
  node[parts.at(-1)!] = value;
  return copy;
};

describe('switch: authentic requests with invalid content are answered, not dead-lettered', function () {
  this.timeout(30_000);
  let h: Harness;

  before(async () => {
    h = await startHarness(TIMEOUTS_MS);
  });
  after(async () => {
    await h?.stop();
  });

  const paymentRows = async (txnId: string): Promise<number> =>
    (await h.db.db.pool.oneFirst(
      sql.unsafe`SELECT count(*)::int8 FROM payments WHERE txn_id = ${txnId}`,
    )) as number;

  const payCases: Array<[string, string, unknown, string]> = [
    ['an unpaired surrogate in the note', '/txn/note', 'lunch \ud800', 'T01'],
    ['a NUL in the note', '/txn/note', 'lunch\u0000', 'T01'],
    ['a control character in the payer name', '/payer/name', 'Asha\u001bRao', 'R01'],
    ['an unpaired surrogate in the payer name', '/payer/name', '\udc00Asha', 'R01'],
    ['a NUL in the device id', '/payer/device/id', 'phone\u0000', 'D01'],
    ['creds of an unknown type', '/payer/creds/type', 'OTP', 'C01'],
    ['a fractional amount', '/amount/valueMinor', 100.5, 'V01'],
    ['a payee address with a space', '/payee/addr', 'vik ram@kite', 'B01'],
    ['a head timestamp without zone', '/head/ts', '2025-11-21T10:15:00', 'H01'],
  ];
  for (const [what, path, value, code] of payCases) {
    it(`ReqPay PAY with ${what} → final RespPay FAILURE ${code}; no payment started, nothing dead-lettered`, async () => {
      const request = reqPay();
      const messageId = await h.sendInvalid(PAYER_PSP, withField(request, path, value));
      const answer = await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', request.txn.id);
      expect(answer.resp).to.deep.equal({
        reqMsgId: messageId,
        result: 'FAILURE',
        status: 'FAILURE',
        errCode: code,
        refs: [],
      });
      expect(declineClass(answer.resp.errCode)).to.equal('TD');
      expect(await paymentRows(request.txn.id)).to.equal(0);
      expect(h.receivedBy(REMITTER, request.txn.id)).to.deep.equal([]);
      expect(await h.deadLetters()).to.deep.equal([]);
    });
  }

  it('answers each redelivery of the same invalid message once (the inbox row comes first)', async () => {
    const request = reqPay();
    const invalid = withField(request, '/txn/note', '\u0000');
    const messageId = newMessageId();
    await h.sendInvalid(PAYER_PSP, invalid, messageId);
    await h.sendInvalid(PAYER_PSP, invalid, messageId);
    await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', request.txn.id);
    await sleep(500);
    expect(h.receivedBy(PAYER_PSP, request.txn.id)).to.have.length(1);
    expect(await h.deadLetters()).to.deep.equal([]);
  });

  it('answers the other requests it answers: ReqValAdd (B01), ReqListAccount (R01), ReqSetCre (C01), ReqOtp (D01)', async () => {
    const valAdd = fixture('upi.ReqValAdd.v1');
    valAdd.txn.id = newTxnId('ZAP');
    await h.sendInvalid(PAYER_PSP, withField(valAdd, '/payee/addr', 'vikram\u0000@kite'));
    const valAddAnswer: RespValAdd = await h.next(PAYER_PSP, 'upi.RespValAdd.v1', valAdd.txn.id);
    expect(valAddAnswer.resp).to.include({ result: 'FAILURE', errCode: 'B01' });

    const list = fixture('upi.ReqListAccount.v1');
    list.txn.id = newTxnId('ZAP');
    await h.sendInvalid(PAYER_PSP, withField(list, '/link/mobile', '98000\u000000001'));
    const listAnswer: RespListAccount = await h.next(PAYER_PSP, 'upi.RespListAccount.v1', list.txn.id);
    expect(listAnswer).to.deep.include({ accounts: [] });
    expect(listAnswer.resp).to.include({ result: 'FAILURE', errCode: 'R01' });

    const setCre = fixture('upi.ReqSetCre.v1');
    setCre.txn.id = newTxnId('ZAP');
    await h.sendInvalid(PAYER_PSP, withField(setCre, '/payer/creds/data', 'not base64url!'.repeat(200)));
    const setCreAnswer: RespSetCre = await h.next(PAYER_PSP, 'upi.RespSetCre.v1', setCre.txn.id);
    expect(setCreAnswer.resp).to.include({ result: 'FAILURE', errCode: 'C01' });

    const otp = fixture('upi.ReqOtp.v1');
    otp.txn.id = newTxnId('ZAP');
    await h.sendInvalid(PAYER_PSP, withField(otp, '/payer/device/mobile', '12345'));
    const otpAnswer: RespOtp = await h.next(PAYER_PSP, 'upi.RespOtp.v1', otp.txn.id);
    expect(otpAnswer.resp).to.include({ result: 'FAILURE', errCode: 'D01' });
    for (const txnId of [valAdd.txn.id, list.txn.id, setCre.txn.id, otp.txn.id])
      expect(h.receivedBy(REMITTER, txnId).concat(h.receivedBy(PAYEE_PSP, txnId))).to.deep.equal([]);
    expect(await h.deadLetters()).to.deep.equal([]);
  });

  it('dead-letters what it cannot answer: no valid txn id to cite, a foreign txn prefix, an invalid response', async () => {
    const noTxnId = reqPay();
    await h.sendInvalid(PAYER_PSP, withField(noTxnId, '/txn/id', 'ZAP123'));
    // psp.kite may not start a payment under psp.zap's prefix, valid or not
    const foreign = reqPay();
    await h.sendInvalid(PAYEE_PSP, withField(foreign, '/txn/note', '\u0000'));
    const debitAnswer = fixture('upi.RespPay.DEBIT.v1');
    debitAnswer.txn.id = newTxnId('ZAP');
    debitAnswer.head.ts = isoTimestamp(new Date());
    await h.sendInvalid(REMITTER, withField(debitAnswer, '/resp/ref/respCode', 'Z\u00009'));
    const letters: Array<{ reason: string; type: string }> = [];
    for (let i = 0; i < 100 && letters.length < 3; i += 1) {
      letters.push(...(await h.deadLetters()));
      if (letters.length < 3) await sleep(100);
    }
    expect(letters.map((l) => `${l.type} ${l.reason}`).sort()).to.deep.equal([
      'upi.ReqPay.PAY.v1 invalid_schema',
      'upi.ReqPay.PAY.v1 txn_prefix_mismatch',
      'upi.RespPay.DEBIT.v1 invalid_schema',
    ]);
    expect(h.receivedBy(PAYER_PSP, foreign.txn.id)).to.deep.equal([]);
    expect(h.receivedBy(PAYEE_PSP, foreign.txn.id)).to.deep.equal([]);
  });

  it('a valid request is still handled as before (the hook only sees invalid ones)', async () => {
    const request = reqPay();
    await h.send(PAYER_PSP, request);
    const auth = await h.next(PAYEE_PSP, 'upi.ReqAuthDetails.v1', request.txn.id);
    expect(auth.txn.id).to.equal(request.txn.id);
    const answers: RespPayFinal[] = h
      .receivedBy(PAYER_PSP, request.txn.id)
      .map((r) => r.message as RespPayFinal);
    expect(answers).to.deep.equal([]);
  });
});
