import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import { openCreds } from '@switchyard/contracts';
import {
  account,
  nextMobile,
  respPayFor,
  startPspTestApp,
  upsertDiscoveredAccounts,
  type PspTestApp,
} from '@switchyard/psp/testing';
import { connectPhoneNetwork, type PhoneNetwork } from '../../src/phone/smsInbox.ts';
import { createPspClient, PspClientError, type PspClient, type PspSession } from '../../src/pspClient.ts';

/**
 * The app's PSP client against a real PSP on a listening socket (fetch + WebSocket), the switch played by
 * the test; its SMS travel on a real RabbitMQ phone network and the app reads them as a phone does.
 */
describe('app: the PSP client over a real socket', () => {
  let phones: PhoneNetwork;
  let psp: PspTestApp;
  let client: PspClient;
  let asha: PspSession;
  before(async () => {
    psp = await startPspTestApp({
      limits: { connectionTimeoutMs: 1_000, keepAliveTimeoutMs: 500, wsConnectionsPerUserMax: 2 },
      smsOnBroker: true,
    });
    phones = await connectPhoneNetwork(psp.phoneNetwork!);
    await psp.app.listen({ host: '127.0.0.1', port: 0 });
    client = createPspClient({
      baseUrl: `http://127.0.0.1:${(psp.app.server.address() as AddressInfo).port}`,
    });
    const mobile = nextMobile();
    const phone = await phones.inbox(mobile);
    asha = await client.register({ name: 'Asha Rao', mobile }, () => phone.nextCode());
    await phone.close();
    await upsertDiscoveredAccounts(psp.db.pool, asha.userId, [account('100000000001')]);
    await client.createVpa(asha, { username: 'asha', acNum: '100000000001', ifsc: 'LOTS0000001' });
  });
  after(async () => {
    await phones?.close();
    await psp?.close();
  });

  it('registers through the phone: the SMS reaches the phone of that number only, and its code binds the device', async () => {
    const mobile = nextMobile();
    const [phone, neighbour, twin] = await Promise.all([
      phones.inbox(mobile),
      phones.inbox(nextMobile()),
      phones.inbox(mobile), // a second phone listening on the same number hears it too
    ]);
    try {
      const started = await client.startRegistration({
        name: 'Vikram Rao',
        mobile,
        deviceId: 'vikram-phone',
      });
      const sms = await phone.next(/register this phone/);
      expect(sms).to.include({ to: mobile, from: 'ZAP' });
      expect((await twin.next()).text).to.equal(sms.text);
      let heard: unknown;
      await neighbour.next(/./, 300).catch((error: unknown) => (heard = error));
      expect(String(heard)).to.match(/no SMS/);
      const wrongCode = String((Number(/([0-9]{6})/.exec(sms.text)![1]) + 1) % 1_000_000).padStart(6, '0');
      let refusal: unknown;
      await client.verifyRegistration(started, wrongCode).catch((error: unknown) => (refusal = error));
      expect(refusal).to.be.instanceOf(PspClientError);
      expect((refusal as PspClientError).code).to.equal('PSP_ERR_OTP_INCORRECT');
      const session = await client.verifyRegistration(started, /([0-9]{6})/.exec(sms.text)![1]);
      expect(session.deviceId).to.equal('vikram-phone');
      expect(await client.vpas(session)).to.deep.equal([]);
    } finally {
      await Promise.all([phone.close(), neighbour.close(), twin.close()]);
    }
  });

  const settle = async (status: 'SUCCESS' | 'FAILURE', delayMs: number): Promise<void> => {
    const { message } = await psp.nextOutbox('upi.ReqPay.PAY.v1');
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    await psp.deliver(
      respPayFor(
        message.txn.id,
        message.head.msgId,
        'asha@zap',
        message.payee.addr,
        status === 'SUCCESS'
          ? { status, amountMinor: message.amount.valueMinor }
          : { status, errCode: 'U30', payerCode: 'ZM' },
      ),
    );
  };

  it('pays with a PIN block it sealed itself and hears the final status over the WebSocket, after an idle spell', async () => {
    const paid = await client.pay(asha, {
      payerVpa: 'asha@zap',
      payeeVpa: 'vikram@kite',
      amount: '99.50',
      pin: '1234',
      note: 'tea',
    });
    expect(paid.txnId).to.match(/^ZAP[A-Z0-9]{32}$/);
    // The answer comes after more than the server's connection/keep-alive timeouts: the socket must stay up.
    const [final] = await Promise.all([
      client.waitForFinal(asha, paid.txnId, { timeoutMs: 5_000 }),
      settle('SUCCESS', 1_500),
    ]);
    expect(final).to.include({ txnId: paid.txnId, status: 'SUCCESS', amount: '99.50' });
  });

  it('the creds it sealed open at the bank, bound to the txn id and amount', async () => {
    const paid = await client.pay(asha, {
      payerVpa: 'asha@zap',
      payeeVpa: 'vikram@kite',
      amount: '12.34',
      pin: '9876',
    });
    const { message } = await psp.nextOutbox('upi.ReqPay.PAY.v1');
    const opened = openCreds(message.payer.creds.data, psp.keys.own('bank.lotus'));
    expect(opened.ok && opened.payload).to.include({
      purpose: 'PAY',
      pin: '9876',
      txnId: paid.txnId,
      amountMinor: 1234,
    });
    await psp.deliver(
      respPayFor(paid.txnId, message.head.msgId, 'asha@zap', 'vikram@kite', {
        status: 'SUCCESS',
        amountMinor: 1234,
      }),
    );
  });

  it('waits by polling too, and reports failures with the decline class', async () => {
    const paid = await client.pay(asha, {
      payerVpa: 'asha@zap',
      payeeVpa: 'vikram@kite',
      amount: '1',
      pin: '0000',
    });
    const [final] = await Promise.all([
      client.waitForFinal(asha, paid.txnId, { via: 'poll', pollIntervalMs: 50, timeoutMs: 5_000 }),
      settle('FAILURE', 100),
    ]);
    expect(final).to.include({ status: 'FAILURE', errCode: 'U30', declineClass: 'BD' });
    const listed = await client.listPayments(asha, { limit: 10 });
    expect(listed.payments[0].txnId).to.equal(paid.txnId);
  });

  it('limits status sockets per user; a clean close frees the slot', async () => {
    const first = await client.openStatusSocket(asha, () => undefined);
    const second = await client.openStatusSocket(asha, () => undefined);
    let refusal: unknown;
    try {
      await client.openStatusSocket(asha, () => undefined);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).to.be.instanceOf(Error);
    expect(psp.deps.hub.connections(asha.userId)).to.equal(2);
    first.close();
    await first.closed;
    for (let i = 0; i < 100 && psp.deps.hub.connections(asha.userId) !== 1; i += 1)
      await new Promise((r) => setTimeout(r, 10));
    expect(psp.deps.hub.connections(asha.userId)).to.equal(1);
    const third = await client.openStatusSocket(asha, () => undefined);
    third.close();
    second.close();
    await Promise.all([third.closed, second.closed]);
  });

  it('throws PspClientError with the stable code', async () => {
    let error: unknown;
    try {
      await client.validate(asha, 'not-a-vpa');
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(PspClientError);
    expect((error as PspClientError).status).to.equal(400);
    expect((error as PspClientError).code).to.equal('PSP_ERR_VPA_INVALID');
  });
});
