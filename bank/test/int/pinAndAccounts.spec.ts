/** ReqOtp, ReqSetCre (PIN set and change) and ReqListAccount against a real database. */
import { expect } from 'chai';
import {
  fixture,
  newMessageId,
  newTxnId,
  type CredsPayload,
  type ReqOtp,
  type ReqSetCre,
} from '@switchyard/contracts';
import { sql } from 'slonik';
import { customer, requests, startBankHarness, type BankHarness } from './support/bankHarness.ts';

describe('bank: PIN set/change and account listing (int)', () => {
  let bank: BankHarness;
  let build: ReturnType<typeof requests>;
  const fresh = customer(1); // seeded with the demo PIN, then cleared below
  const changer = customer(2);
  const sameMobile = customer(3, { mobile: '9800000102', acType: 'CURRENT' }); // 2nd account of customer 2's mobile
  const frozen = customer(4, { status: 'FROZEN' });
  const guesser = customer(5); // someone guessing the card details of account 5

  before(async () => {
    bank = await startBankHarness([fresh, changer, sameMobile, frozen, guesser]);
    for (const acNum of [fresh.acNum, guesser.acNum])
      await bank.db.pool.query(sql.unsafe`UPDATE accounts SET pin_verifier = NULL WHERE ac_num = ${acNum}`);
    build = requests(bank);
  });
  after(async () => {
    await bank.close();
  });

  const setCre = (acNum: string, credsType: 'PIN_SET' | 'PIN_CHANGE', payload: CredsPayload): ReqSetCre => {
    const message = fixture('upi.ReqSetCre.v1');
    message.head.msgId = newMessageId();
    message.txn.id = newTxnId('ZAP');
    message.payer.ac = { acNum, ifsc: 'LOTS0000001' };
    message.payer.creds = { type: credsType, data: bank.sealPin(payload) };
    return message;
  };
  const otpRequest = (acNum: string, mobile: string): ReqOtp => {
    const message = fixture('upi.ReqOtp.v1');
    message.head.msgId = newMessageId();
    message.txn.id = newTxnId('ZAP');
    message.payer.ac = { acNum, ifsc: 'LOTS0000001' };
    message.payer.device.mobile = mobile;
    return message;
  };
  /** ReqOtp for the account: the code arrives by SMS at its registered mobile. */
  const askOtp = async (c: { acNum: string; mobile: string }): Promise<string> => {
    const reply = await bank.ask(otpRequest(c.acNum, c.mobile), 'upi.RespOtp.v1');
    expect(reply.resp, 'RespOtp').to.include({ result: 'SUCCESS' });
    return bank.lastOtpTo(c.mobile);
  };
  const pinSet = (
    acNum: string,
    newPin: string,
    otp: string,
    card = { cardLast6: '400001', cardExpiry: '1229' },
  ) => setCre(acNum, 'PIN_SET', { purpose: 'SET', newPin, acNum, ...card, otp, sealedAt: Date.now() });
  const pinChange = (acNum: string, oldPin: string, newPin: string) =>
    setCre(acNum, 'PIN_CHANGE', { purpose: 'CHANGE', oldPin, newPin, acNum, sealedAt: Date.now() });
  const setCreState = async (acNum: string): Promise<{ failedTries: number; locked: boolean }> => {
    const row = (await bank.db.pool.one(sql.unsafe`
      SELECT set_cre_failed_tries, set_cre_locked_until FROM accounts WHERE ac_num = ${acNum}`)) as {
      set_cre_failed_tries: number;
      set_cre_locked_until: Date | null;
    };
    return {
      failedTries: row.set_cre_failed_tries,
      locked: row.set_cre_locked_until !== null && row.set_cre_locked_until > bank.now(),
    };
  };
  const debitCode = async (acNum: string, pin: string) =>
    (await bank.ask(build.debit({ acNum, amountMinor: 100, pin }), 'upi.RespPay.DEBIT.v1')).resp.ref.respCode;

  it('PIN_SET without a code (no ReqOtp yet) → ZS, counting nothing', async () => {
    const reply = await bank.ask(pinSet(fresh.acNum, '2468', '123456'), 'upi.RespSetCre.v1');
    expect(reply.resp).to.include({ result: 'FAILURE', errCode: 'ZS' });
    expect(await setCreState(fresh.acNum)).to.deep.equal({ failedTries: 0, locked: false });
  });

  it('ReqOtp sends a 6-digit code by SMS to the registered mobile only; the bank keeps a verifier', async () => {
    const code = await askOtp(fresh);
    expect(bank.sms.at(-1)).to.deep.include({ to: fresh.mobile });
    expect(bank.sms.at(-1)!.text).to.include(`XX${fresh.acNum.slice(-4)}`);
    const stored = (await bank.db.pool.one(sql.unsafe`
      SELECT o.verifier FROM otps o JOIN accounts a ON a.id = o.account_id WHERE a.ac_num = ${fresh.acNum}`)) as {
      verifier: string;
    };
    expect(stored.verifier)
      .to.match(/^pvv\$[0-9a-f]{8}\$/)
      .and.not.include(code);
    const subject = { use: 'OTP', ifsc: fresh.ifsc, acNum: fresh.acNum } as const;
    expect(bank.pinHasher.verify(subject, code, stored.verifier).correct).to.equal(true);
    expect(bank.pinHasher.verify({ ...subject, use: 'PIN' }, code, stored.verifier).correct).to.equal(false);
    const sent = bank.sms.length;
    const otherMobile = await bank.ask(otpRequest(fresh.acNum, '9999999999'), 'upi.RespOtp.v1');
    expect(otherMobile.resp).to.include({ result: 'FAILURE', errCode: 'B1' });
    const unknown = await bank.ask(otpRequest('199999999999', fresh.mobile), 'upi.RespOtp.v1');
    expect(unknown.resp).to.include({ result: 'FAILURE', errCode: 'XH' });
    expect(bank.sms.length).to.equal(sent);
  });

  it('a repeated ReqOtp (same txn id) gets the stored answer and sends no second SMS', async () => {
    const request = otpRequest(fresh.acNum, fresh.mobile);
    await bank.ask(request, 'upi.RespOtp.v1');
    const sent = bank.sms.length;
    const again = await bank.ask(
      { ...request, head: { ...request.head, msgId: newMessageId() } },
      'upi.RespOtp.v1',
    );
    expect(again.resp.result).to.equal('SUCCESS');
    expect(bank.sms.length).to.equal(sent);
  });

  it('PIN_SET with the wrong card details → XN, with a wrong code → ZR; no PIN set; both count', async () => {
    const code = await askOtp(fresh);
    const wrongCard = await bank.ask(
      pinSet(fresh.acNum, '2468', code, { cardLast6: '400009', cardExpiry: '1229' }),
      'upi.RespSetCre.v1',
    );
    expect(wrongCard.resp).to.include({ result: 'FAILURE', errCode: 'XN' });
    const wrongCode = code === '000000' ? '000001' : '000000';
    const reply = await bank.ask(pinSet(fresh.acNum, '2468', wrongCode), 'upi.RespSetCre.v1');
    expect(reply.resp).to.include({ result: 'FAILURE', errCode: 'ZR' });
    expect((await bank.pinState(fresh.acNum)).verifier).to.equal(null);
    expect(await debitCode(fresh.acNum, '2468')).to.equal('AM');
    expect(await setCreState(fresh.acNum)).to.deep.equal({ failedTries: 2, locked: false });
  });

  it('PIN_SET with matching card details and the code → SUCCESS; only a verifier is stored; the PIN then pays', async () => {
    const request = pinSet(fresh.acNum, '246810', bank.lastOtpTo(fresh.mobile));
    const reply = await bank.ask(request, 'upi.RespSetCre.v1');
    expect(reply).to.deep.include({ txn: { id: request.txn.id } });
    expect(reply.resp).to.deep.equal({ reqMsgId: request.head.msgId, result: 'SUCCESS' });
    const verifier = (await bank.pinState(fresh.acNum)).verifier!;
    expect(verifier)
      .to.match(/^pvv\$[0-9a-f]{8}\$/)
      .and.not.include('246810');
    expect(await debitCode(fresh.acNum, '246810')).to.equal('00');
    expect(await debitCode(fresh.acNum, '1234')).to.equal('ZM');
    expect(await setCreState(fresh.acNum)).to.deep.equal({ failedTries: 0, locked: false });
    // the code is spent: a second PIN set with it has no live code
    const reuse = await bank.ask(
      pinSet(fresh.acNum, '135790', bank.lastOtpTo(fresh.mobile)),
      'upi.RespSetCre.v1',
    );
    expect(reuse.resp).to.include({ result: 'FAILURE', errCode: 'ZS' });
  });

  it('card-detail guessing locks PIN sets after 3 tries (ZT), even for the right card and code, and no new code is sent', async () => {
    const target = guesser;
    const code = await askOtp(target);
    const codes = [];
    for (const card of ['400091', '400092', '400093']) {
      const reply = await bank.ask(
        pinSet(target.acNum, '8642', code, { cardLast6: card, cardExpiry: '1229' }),
        'upi.RespSetCre.v1',
      );
      codes.push(reply.resp.errCode);
    }
    expect(codes).to.deep.equal(['XN', 'XN', 'ZT']);
    expect(await setCreState(target.acNum)).to.deep.equal({ failedTries: 3, locked: true });
    const right = await bank.ask(
      pinSet(target.acNum, '8642', code, { cardLast6: '400005', cardExpiry: '1229' }),
      'upi.RespSetCre.v1',
    );
    expect(right.resp).to.include({ result: 'FAILURE', errCode: 'ZT' });
    expect((await bank.pinState(target.acNum)).verifier).to.equal(null);
    const sent = bank.sms.length;
    const again = await bank.ask(otpRequest(target.acNum, target.mobile), 'upi.RespOtp.v1');
    expect(again.resp).to.include({ result: 'FAILURE', errCode: 'ZT' });
    expect(bank.sms.length).to.equal(sent);
    // the lock expires like a PIN lock: a day later the owner can set the PIN
    bank.setNow(new Date(bank.now().getTime() + 24 * 60 * 60 * 1000 + 1));
    try {
      const fresh2 = await askOtp(target);
      const reply = await bank.ask(
        pinSet(target.acNum, '8642', fresh2, { cardLast6: '400005', cardExpiry: '1229' }),
        'upi.RespSetCre.v1',
      );
      expect(reply.resp.result).to.equal('SUCCESS');
    } finally {
      bank.setNow(new Date(bank.now().getTime() - 24 * 60 * 60 * 1000 - 1));
    }
  });

  it('the PIN never reaches the database in clear', async () => {
    const dump = (await bank.db.pool.any(
      sql.unsafe`SELECT row_to_json(a)::text AS row FROM accounts a`,
    )) as ReadonlyArray<{ row: string }>;
    const legs = (await bank.db.pool.any(
      sql.unsafe`SELECT row_to_json(l)::text AS row FROM legs l`,
    )) as ReadonlyArray<{ row: string }>;
    for (const { row } of [...dump, ...legs]) expect(row).to.not.match(/"(pin|newPin|oldPin)"|246810/);
  });

  it('PIN_CHANGE with the right old PIN → SUCCESS; the old PIN no longer pays', async () => {
    const reply = await bank.ask(pinChange(changer.acNum, '1234', '5678'), 'upi.RespSetCre.v1');
    expect(reply.resp.result).to.equal('SUCCESS');
    expect(await debitCode(changer.acNum, '1234')).to.equal('ZM');
    expect(await debitCode(changer.acNum, '5678')).to.equal('00');
  });

  it('PIN_CHANGE counts wrong old PINs like payments: ZM, ZM, Z6, then locked', async () => {
    const codes = [];
    for (const oldPin of ['0000', '1111', '2222', '5678']) {
      codes.push(
        (await bank.ask(pinChange(changer.acNum, oldPin, '9999'), 'upi.RespSetCre.v1')).resp.errCode,
      );
    }
    expect(codes).to.deep.equal(['ZM', 'ZM', 'Z6', 'Z6']);
    expect(await debitCode(changer.acNum, '5678')).to.equal('Z6');
  });

  it('a PIN set never clears a PIN lock: locked stays locked (Z6), no code is sent, the PIN is unchanged', async () => {
    const before = await bank.pinState(changer.acNum);
    expect(before.lockedUntil).to.not.equal(null);
    const sent = bank.sms.length;
    const otp = await bank.ask(otpRequest(changer.acNum, changer.mobile), 'upi.RespOtp.v1');
    expect(otp.resp).to.include({ result: 'FAILURE', errCode: 'Z6' });
    expect(bank.sms.length).to.equal(sent);
    // even with a code obtained before the lock and the right card details
    await bank.db.pool.query(
      sql.unsafe`UPDATE accounts SET pin_locked_until = NULL WHERE ac_num = ${changer.acNum}`,
    );
    const code = await askOtp(changer);
    await bank.db.pool.query(
      sql.unsafe`UPDATE accounts SET pin_locked_until = ${sql.timestamp(before.lockedUntil!)} WHERE ac_num = ${changer.acNum}`,
    );
    const request = pinSet(changer.acNum, '1357', code, { cardLast6: '400002', cardExpiry: '1229' });
    expect((await bank.ask(request, 'upi.RespSetCre.v1')).resp).to.include({
      result: 'FAILURE',
      errCode: 'Z6',
    });
    expect(await bank.pinState(changer.acNum)).to.deep.equal(before);
    expect(await debitCode(changer.acNum, '1357')).to.equal('Z6');
  });

  it('PIN_CHANGE without a PIN → AM; unknown account → XH; frozen → YE; creds for another account → XB', async () => {
    await bank.db.pool.query(
      sql.unsafe`UPDATE accounts SET pin_verifier = NULL WHERE ac_num = ${sameMobile.acNum}`,
    );
    expect(
      (await bank.ask(pinChange(sameMobile.acNum, '1234', '4321'), 'upi.RespSetCre.v1')).resp.errCode,
    ).to.equal('AM');
    expect(
      (await bank.ask(pinSet('199999999999', '4321', '000000'), 'upi.RespSetCre.v1')).resp.errCode,
    ).to.equal('XH');
    expect(
      (
        await bank.ask(
          pinSet(frozen.acNum, '4321', '000000', { cardLast6: '400004', cardExpiry: '1229' }),
          'upi.RespSetCre.v1',
        )
      ).resp.errCode,
    ).to.equal('YE');
    const misbound = pinSet(fresh.acNum, '4321', '000000');
    misbound.payer.ac.acNum = changer.acNum;
    expect((await bank.ask(misbound, 'upi.RespSetCre.v1')).resp.errCode).to.equal('XB');
  });

  it('ReqListAccount: the accounts of a mobile, with type and PIN state; none for an unknown mobile', async () => {
    const request = fixture('upi.ReqListAccount.v1');
    request.head.msgId = newMessageId();
    request.link.mobile = changer.mobile;
    const reply = await bank.ask(request, 'upi.RespListAccount.v1');
    expect(reply.resp).to.deep.equal({ reqMsgId: request.head.msgId, result: 'SUCCESS' });
    expect(reply.accounts).to.deep.equal([
      { acNum: changer.acNum, ifsc: 'LOTS0000001', name: changer.name, acType: 'SAVINGS', pinSet: true },
      {
        acNum: sameMobile.acNum,
        ifsc: 'LOTS0000001',
        name: sameMobile.name,
        acType: 'CURRENT',
        pinSet: false,
      },
    ]);
    request.head.msgId = newMessageId();
    request.link.mobile = '9999999999';
    expect((await bank.ask(request, 'upi.RespListAccount.v1')).accounts).to.deep.equal([]);
  });
});
