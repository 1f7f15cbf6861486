/** ReqSetCre (PIN set and change) and ReqListAccount against a real database. */
import { expect } from 'chai';
import { fixture, newMessageId, newTxnId, type CredsPayload, type ReqSetCre } from '@switchyard/contracts';
import { sql } from 'slonik';
import { customer, requests, startBankHarness, type BankHarness } from './support/bankHarness.ts';

describe('bank: PIN set/change and account listing (int)', () => {
  let bank: BankHarness;
  let build: ReturnType<typeof requests>;
  const fresh = customer(1); // seeded with the demo PIN, then cleared below
  const changer = customer(2);
  const sameMobile = customer(3, { mobile: '9800000102', acType: 'CURRENT' }); // 2nd account of customer 2's mobile
  const frozen = customer(4, { status: 'FROZEN' });

  before(async () => {
    bank = await startBankHarness([fresh, changer, sameMobile, frozen]);
    await bank.db.pool.query(
      sql.unsafe`UPDATE accounts SET pin_verifier = NULL WHERE ac_num = ${fresh.acNum}`,
    );
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
  const pinSet = (acNum: string, newPin: string, card = { cardLast6: '400001', cardExpiry: '1229' }) =>
    setCre(acNum, 'PIN_SET', { purpose: 'SET', newPin, acNum, ...card, sealedAt: Date.now() });
  const pinChange = (acNum: string, oldPin: string, newPin: string) =>
    setCre(acNum, 'PIN_CHANGE', { purpose: 'CHANGE', oldPin, newPin, acNum, sealedAt: Date.now() });
  const debitCode = async (acNum: string, pin: string) =>
    (await bank.ask(build.debit({ acNum, amountMinor: 100, pin }), 'upi.RespPay.DEBIT.v1')).resp.ref.respCode;

  it('PIN_SET with the wrong card details → FAILURE XB, no PIN set', async () => {
    const reply = await bank.ask(
      pinSet(fresh.acNum, '2468', { cardLast6: '400009', cardExpiry: '1229' }),
      'upi.RespSetCre.v1',
    );
    expect(reply.resp).to.include({ result: 'FAILURE', errCode: 'XB' });
    expect((await bank.pinState(fresh.acNum)).verifier).to.equal(null);
    expect(await debitCode(fresh.acNum, '2468')).to.equal('AM');
  });

  it('PIN_SET with matching card details → SUCCESS; only a verifier is stored; the PIN then pays', async () => {
    const request = pinSet(fresh.acNum, '246810');
    const reply = await bank.ask(request, 'upi.RespSetCre.v1');
    expect(reply).to.deep.include({ txn: { id: request.txn.id } });
    expect(reply.resp).to.deep.equal({ reqMsgId: request.head.msgId, result: 'SUCCESS' });
    const verifier = (await bank.pinState(fresh.acNum)).verifier!;
    expect(verifier)
      .to.match(/^scrypt\$/)
      .and.not.include('246810');
    expect(await debitCode(fresh.acNum, '246810')).to.equal('00');
    expect(await debitCode(fresh.acNum, '1234')).to.equal('ZM');
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

  it('PIN_SET with the card clears the lock (the "forgot PIN" path); a repeat of it is not re-applied', async () => {
    const request = pinSet(changer.acNum, '1357', { cardLast6: '400002', cardExpiry: '1229' });
    expect((await bank.ask(request, 'upi.RespSetCre.v1')).resp.result).to.equal('SUCCESS');
    const verifier = (await bank.pinState(changer.acNum)).verifier;
    expect((await bank.ask({ ...request }, 'upi.RespSetCre.v1')).resp.result).to.equal('SUCCESS');
    expect((await bank.pinState(changer.acNum)).verifier).to.equal(verifier);
    expect(await debitCode(changer.acNum, '1357')).to.equal('00');
  });

  it('PIN_CHANGE without a PIN → AM; unknown account → XH; frozen → YE; creds for another account → XB', async () => {
    await bank.db.pool.query(
      sql.unsafe`UPDATE accounts SET pin_verifier = NULL WHERE ac_num = ${sameMobile.acNum}`,
    );
    expect(
      (await bank.ask(pinChange(sameMobile.acNum, '1234', '4321'), 'upi.RespSetCre.v1')).resp.errCode,
    ).to.equal('AM');
    expect((await bank.ask(pinSet('199999999999', '4321'), 'upi.RespSetCre.v1')).resp.errCode).to.equal('XH');
    expect(
      (
        await bank.ask(
          pinSet(frozen.acNum, '4321', { cardLast6: '400004', cardExpiry: '1229' }),
          'upi.RespSetCre.v1',
        )
      ).resp.errCode,
    ).to.equal('YE');
    const misbound = pinSet(fresh.acNum, '4321');
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
