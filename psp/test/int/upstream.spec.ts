import { expect } from 'chai';
import { sql } from 'slonik';
import { fixture, openCreds, sealCreds, type ReqListAccount } from '@switchyard/contracts';
import { startPspTestApp, type PspTestApp } from './support/pspTestApp.ts';
import { registerUser, userWithVpa } from './support/users.ts';

/**
 * Synchronous HTTP over asynchronous messages: the test plays the switch — it takes the request from the
 * outbox (opened with the switch's keys) and delivers the answer to the PSP's handler.
 */
describe('psp: discover, validate and PIN (sync HTTP over async messages)', () => {
  let psp: PspTestApp;
  before(async () => {
    psp = await startPspTestApp({ limits: { upstreamTimeoutMs: 1_500 } });
  });
  after(async () => {
    await psp.close();
  });

  it("discovers the accounts of the user's mobile, remembers them, and links a VPA to one", async () => {
    const user = await registerUser(psp, 'Asha Rao');
    const pending = psp.app.inject({
      method: 'POST',
      url: '/v1/accounts/discover',
      headers: user.headers,
      payload: { ifsc: 'LOTS0000001' },
    });
    const { messageId, message } = await psp.nextOutbox('upi.ReqListAccount.v1');
    expect(message.link).to.deep.equal({
      mobile: user.mobile,
      ifsc: 'LOTS0000001',
    } satisfies ReqListAccount['link']);
    expect(message.head.msgId).to.equal(messageId);
    const answer = fixture('upi.RespListAccount.v1');
    answer.txn.id = message.txn.id;
    answer.resp.reqMsgId = message.head.msgId;
    answer.accounts = [
      { acNum: '100000000001', ifsc: 'LOTS0000001', name: 'Asha Rao', acType: 'SAVINGS', pinSet: false },
      {
        acNum: '900000000001',
        ifsc: 'BNYN0000001',
        name: 'Not from this bank',
        acType: 'SAVINGS',
        pinSet: false,
      },
    ];
    await psp.deliver(answer);
    const response = await pending;
    expect(response.statusCode, response.body).to.equal(200);
    expect(response.json()).to.deep.equal({
      accounts: [
        { acNum: '100000000001', ifsc: 'LOTS0000001', name: 'Asha Rao', acType: 'SAVINGS', pinSet: false },
      ],
    });
    const listed = (
      await psp.app.inject({ method: 'GET', url: '/v1/accounts', headers: user.headers })
    ).json();
    expect(listed.accounts).to.have.length(1);

    const created = await psp.app.inject({
      method: 'POST',
      url: '/v1/vpas',
      headers: user.headers,
      payload: { username: 'Asha.Rao', acNum: '100000000001', ifsc: 'LOTS0000001' },
    });
    expect(created.statusCode).to.equal(201);
    expect(created.json()).to.include({ vpa: 'Asha.Rao@zap', name: 'Asha Rao', acNum: '100000000001' });
    const vpas = (await psp.app.inject({ method: 'GET', url: '/v1/vpas', headers: user.headers })).json();
    expect(vpas.vpas.map((v: { vpa: string }) => v.vpa)).to.deep.equal(['Asha.Rao@zap']);
  });

  it('VPAs are unique in any letter case', async () => {
    const first = await userWithVpa(psp, 'meera', '100000000002');
    const other = await userWithVpa(psp, 'kabir', '100000000003');
    for (const [user, username] of [
      [other, 'MEERA'],
      [first, 'meera'],
    ] as const) {
      const taken = await psp.app.inject({
        method: 'POST',
        url: '/v1/vpas',
        headers: user.headers,
        payload: { username, acNum: user === first ? '100000000002' : '100000000003', ifsc: 'LOTS0000001' },
      });
      expect(taken.statusCode).to.equal(409);
      expect(taken.json().code).to.equal('PSP_ERR_VPA_TAKEN');
    }
  });

  it('a bank decline of discovery is a 422 carrying the UPI code', async () => {
    const user = await registerUser(psp, 'Devika Nair');
    const pending = psp.app.inject({
      method: 'POST',
      url: '/v1/accounts/discover',
      headers: user.headers,
      payload: { ifsc: 'BNYN0000001' },
    });
    const { message } = await psp.nextOutbox('upi.ReqListAccount.v1');
    const answer = fixture('upi.RespListAccount.v1');
    answer.txn.id = message.txn.id;
    answer.resp = { reqMsgId: message.head.msgId, result: 'FAILURE', errCode: 'XH' };
    answer.accounts = [];
    await psp.deliver(answer);
    const response = await pending;
    expect(response.statusCode).to.equal(422);
    expect(response.json()).to.include({ code: 'PSP_ERR_UPSTREAM_DECLINED', upiCode: 'XH' });
    const row = await psp.db.pool.one(
      sql.unsafe`SELECT status, err_code FROM upstream_requests WHERE txn_id = ${message.txn.id}`,
    );
    expect(row).to.deep.equal({ status: 'FAILURE', err_code: 'XH' });
  });

  it('validates a payee through the network: verified name, or 422 ZH', async () => {
    const user = await userWithVpa(psp, 'payer1', '100000000004');
    const pending = psp.app.inject({
      method: 'POST',
      url: '/v1/payees/validate',
      headers: user.headers,
      payload: { vpa: 'vikram@kite' },
    });
    const { message } = await psp.nextOutbox('upi.ReqValAdd.v1');
    expect(message.payer.addr).to.equal('payer1@zap');
    expect(message.payee.addr).to.equal('vikram@kite');
    const answer = fixture('upi.RespValAdd.v1');
    answer.txn.id = message.txn.id;
    answer.resp.reqMsgId = message.head.msgId;
    answer.payee = { addr: 'vikram@kite', name: 'Vikram Singh', ifsc: 'BNYN0000001' };
    await psp.deliver(answer);
    const response = await pending;
    expect(response.statusCode, response.body).to.equal(200);
    expect(response.json()).to.deep.equal({ vpa: 'vikram@kite', name: 'Vikram Singh', ifsc: 'BNYN0000001' });

    const refused = psp.app.inject({
      method: 'POST',
      url: '/v1/payees/validate',
      headers: user.headers,
      payload: { vpa: 'ghost@kite' },
    });
    const second = await psp.nextOutbox('upi.ReqValAdd.v1');
    const decline = fixture('upi.RespValAdd.v1');
    decline.txn.id = second.message.txn.id;
    decline.resp = { reqMsgId: second.message.head.msgId, result: 'FAILURE', errCode: 'ZH' };
    delete decline.payee;
    await psp.deliver(decline);
    const declined = await refused;
    expect(declined.statusCode).to.equal(422);
    expect(declined.json()).to.include({ code: 'PSP_ERR_UPSTREAM_DECLINED', upiCode: 'ZH' });
  });

  it('no answer within the upstream timeout is a 504 PSP_ERR_UPSTREAM_TIMEOUT; a late answer is harmless', async () => {
    const user = await userWithVpa(psp, 'payer2', '100000000005');
    const started = Date.now();
    const response = await psp.app.inject({
      method: 'POST',
      url: '/v1/payees/validate',
      headers: user.headers,
      payload: { vpa: 'slow@kite' },
    });
    expect(response.statusCode).to.equal(504);
    expect(response.json().code).to.equal('PSP_ERR_UPSTREAM_TIMEOUT');
    expect(Date.now() - started).to.be.within(1_400, 3_000);
    const { message } = await psp.nextOutbox('upi.ReqValAdd.v1');
    const late = fixture('upi.RespValAdd.v1');
    late.txn.id = message.txn.id;
    late.resp.reqMsgId = message.head.msgId;
    await psp.deliver(late);
    expect(psp.deps.waiters.size()).to.equal(0);
  });

  it('sets the PIN with a block sealed for the bank, forwarded unchanged in ReqSetCre', async () => {
    const user = await userWithVpa(psp, 'pinuser', '100000000006');
    const data = sealCreds(
      {
        purpose: 'SET',
        newPin: '2468',
        acNum: '100000000006',
        cardLast6: '400001',
        cardExpiry: '1229',
        otp: '246802',
        sealedAt: Date.now(),
      },
      psp.keys.directory.current('bank.lotus')!,
    );
    const pending = psp.app.inject({
      method: 'POST',
      url: '/v1/vpas/PINUSER@zap/pin',
      headers: user.headers,
      payload: { creds: { type: 'PIN_SET', data } },
    });
    const { message } = await psp.nextOutbox('upi.ReqSetCre.v1');
    expect(message.payer).to.deep.equal({
      addr: 'pinuser@zap',
      ac: { acNum: '100000000006', ifsc: 'LOTS0000001' },
      creds: { type: 'PIN_SET', data },
    });
    const opened = openCreds(message.payer.creds.data, psp.keys.own('bank.lotus'));
    expect(opened.ok && opened.payload).to.include({ purpose: 'SET', newPin: '2468', otp: '246802' });
    const answer = fixture('upi.RespSetCre.v1');
    answer.txn.id = message.txn.id;
    answer.resp = { reqMsgId: message.head.msgId, result: 'SUCCESS' };
    await psp.deliver(answer);
    const response = await pending;
    expect(response.statusCode, response.body).to.equal(200);
    expect(response.json()).to.deep.equal({ vpa: 'pinuser@zap', result: 'SUCCESS' });
    const account = (
      await psp.app.inject({ method: 'GET', url: '/v1/accounts', headers: user.headers })
    ).json().accounts[0];
    expect(account.pinSet).to.equal(true);
  });

  it("asks the account's bank for the PIN-set code (ReqOtp naming the user's verified mobile and device)", async () => {
    const user = await userWithVpa(psp, 'otpuser', '100000000008');
    const ask = () =>
      psp.app.inject({ method: 'POST', url: '/v1/vpas/otpuser@zap/pin/otp', headers: user.headers });
    const pending = ask();
    const { message } = await psp.nextOutbox('upi.ReqOtp.v1');
    expect(message.payer).to.deep.equal({
      addr: 'otpuser@zap',
      ac: { acNum: '100000000008', ifsc: 'LOTS0000001' },
      device: { mobile: user.mobile, id: user.deviceId },
    });
    const answer = fixture('upi.RespOtp.v1');
    answer.txn.id = message.txn.id;
    answer.resp = { reqMsgId: message.head.msgId, result: 'SUCCESS' };
    await psp.deliver(answer);
    const response = await pending;
    expect(response.statusCode, response.body).to.equal(200);
    expect(response.json()).to.deep.equal({ vpa: 'otpuser@zap', sentTo: `XXXXXX${user.mobile.slice(-4)}` });

    const refused = ask();
    const second = await psp.nextOutbox('upi.ReqOtp.v1');
    const b1 = fixture('upi.RespOtp.v1');
    b1.txn.id = second.message.txn.id;
    b1.resp = { reqMsgId: second.message.head.msgId, result: 'FAILURE', errCode: 'B1' };
    await psp.deliver(b1);
    const declined = await refused;
    expect(declined.statusCode).to.equal(422);
    expect(declined.json()).to.include({ code: 'PSP_ERR_UPSTREAM_DECLINED', upiCode: 'B1' });

    const other = await userWithVpa(psp, 'otpother', '100000000009');
    const notMine = await psp.app.inject({
      method: 'POST',
      url: '/v1/vpas/otpuser@zap/pin/otp',
      headers: other.headers,
    });
    expect(notMine.statusCode).to.equal(404);
    expect(await psp.takeOutbox('upi.ReqOtp.v1')).to.deep.equal([]);
  });

  it('a wrong old PIN on change is a 422 with ZM', async () => {
    const user = await userWithVpa(psp, 'pinuser2', '100000000007');
    const data = sealCreds(
      { purpose: 'CHANGE', oldPin: '0000', newPin: '1357', acNum: '100000000007', sealedAt: Date.now() },
      psp.keys.directory.current('bank.lotus')!,
    );
    const pending = psp.app.inject({
      method: 'POST',
      url: '/v1/vpas/pinuser2@zap/pin',
      headers: user.headers,
      payload: { creds: { type: 'PIN_CHANGE', data } },
    });
    const { message } = await psp.nextOutbox('upi.ReqSetCre.v1');
    const answer = fixture('upi.RespSetCre.v1');
    answer.txn.id = message.txn.id;
    answer.resp = { reqMsgId: message.head.msgId, result: 'FAILURE', errCode: 'ZM' };
    await psp.deliver(answer);
    const response = await pending;
    expect(response.statusCode).to.equal(422);
    expect(response.json()).to.include({ code: 'PSP_ERR_UPSTREAM_DECLINED', upiCode: 'ZM' });
  });

  it("serves the bank's current public key for sealing", async () => {
    const user = await registerUser(psp, 'Key Reader');
    const response = await psp.app.inject({
      method: 'GET',
      url: '/v1/keys/banks/BNYN0000001',
      headers: user.headers,
    });
    expect(response.statusCode).to.equal(200);
    const key = psp.keys.directory.current('bank.banyan')!;
    expect(response.json()).to.deep.equal({
      participant: 'bank.banyan',
      keyId: key.keyId,
      createdAt: key.createdAt,
      boxPublicKey: Buffer.from(key.boxPublicKey).toString('base64'),
      signPublicKey: Buffer.from(key.signPublicKey).toString('base64'),
    });
  });
});
