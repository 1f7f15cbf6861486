/**
 * Issue 7 end to end: a customer is who they prove to be. The whole network as processes; one-time codes
 * travel as SMS on the simulated phone network and are read by the customers' phones. Takeover attempts
 * are refused and locked: re-registering a mobile from another device without the code, guessing a
 * card's details to set a PIN, and a PIN set on a locked PIN.
 */
import { expect } from 'chai';
import { PspClientError, type PspSession } from '@switchyard/app';
import { loadDemoCustomers, onboard, type DemoCustomer, type Onboarded } from '@switchyard/tools';
import { startTestNetwork, type TestNetwork } from './support/testNetwork.ts';
import { TEST_PIN } from './support/extraCustomers.ts';

/** The error a refused call threw (the test fails if it did not throw one). */
const refusal = async (call: () => Promise<unknown>): Promise<PspClientError> => {
  try {
    await call();
  } catch (error) {
    if (error instanceof PspClientError) return error;
    throw error;
  }
  throw new Error('the call was not refused');
};

describe('e2e: customer identity (registration and PIN set need the one-time codes)', function () {
  this.timeout(120_000);
  let net: TestNetwork;
  const customers = loadDemoCustomers();
  const customer = (vpaUser: string): DemoCustomer => customers.find((c) => c.vpaUser === vpaUser)!;
  const someoneElse = (code: string): string => String((Number(code) + 7) % 1_000_000).padStart(6, '0');

  before(async () => {
    net = await startTestNetwork({ customers });
  });
  after(async () => {
    await net?.stop();
  });

  it('a re-registration of a mobile from another device without the code gets no token, locks, and leaves the owner bound', async () => {
    const asha = await onboard(net.clients.get('psp.zap')!, customer('asha'), {
      phones: net.phones,
      pin: TEST_PIN,
    });
    const client = asha.client;
    // The attacker knows Asha's number, not her phone: the code goes to her phone.
    const ashaPhone = await net.phones.inbox(asha.customer.mobile);
    try {
      const started = await client.startRegistration({
        name: 'Mallory',
        mobile: asha.customer.mobile,
        deviceId: 'attacker-phone',
      });
      const code = await ashaPhone.nextCode(/register this phone/);
      const codes = [];
      for (let i = 0; i < 3; i += 1)
        codes.push((await refusal(() => client.verifyRegistration(started, someoneElse(code)))).code);
      expect(codes).to.deep.equal([
        'PSP_ERR_OTP_INCORRECT',
        'PSP_ERR_OTP_INCORRECT',
        'PSP_ERR_REGISTRATION_LOCKED',
      ]);
      expect((await refusal(() => client.verifyRegistration(started, code))).status).to.equal(423);
      // Asha's device and token still work, and pay
      const paid = await client.pay(asha.session, {
        payerVpa: asha.vpa,
        payeeVpa: 'nobody@kite',
        amount: '1.00',
        pin: TEST_PIN,
      });
      expect((await client.waitForFinal(asha.session, paid.txnId, { timeoutMs: 20_000 })).errCode).to.equal(
        'U29',
      );
      const attacker: PspSession = { ...asha.session, deviceId: 'attacker-phone' };
      expect((await refusal(() => client.vpas(attacker))).code).to.equal('PSP_ERR_DEVICE_MISMATCH');

      // Asha herself moves to a new phone with the code: the old token is revoked only then.
      const newPhone = await client.register(
        { name: asha.customer.name, mobile: asha.customer.mobile, deviceId: 'asha-new-phone' },
        () => ashaPhone.nextCode(/register this phone/),
      );
      expect(newPhone.userId).to.equal(asha.session.userId);
      expect((await refusal(() => client.vpas(asha.session))).code).to.equal('PSP_ERR_UNAUTHENTICATED');
      expect((await client.vpas(newPhone)).map((v) => v.vpa)).to.deep.equal([asha.vpa]);
    } finally {
      await ashaPhone.close();
    }
  });

  it('setting a PIN needs the card details and the bank code: guesses are refused (XN, ZR) and lock PIN sets (ZT)', async () => {
    const meera: Onboarded = await onboard(net.clients.get('psp.kite')!, customer('meera'), {
      phones: net.phones,
    });
    const { client, session, vpa } = meera;
    const phone = await net.phones.inbox(meera.customer.mobile);
    try {
      const sent = await client.requestPinOtp(session, vpa);
      expect(sent.sentTo).to.equal(`XXXXXX${meera.customer.mobile.slice(-4)}`);
      const code = await phone.nextCode(/set the UPI PIN/);
      const card = { cardLast6: meera.customer.cardLast6, cardExpiry: meera.customer.cardExpiry };
      const attempt = (overrides: Partial<typeof card & { otp: string }>) =>
        refusal(() => client.setPin(session, { vpa, newPin: '8642', ...card, otp: code, ...overrides }));
      expect((await attempt({ cardLast6: '999999' })).upiCode).to.equal('XN');
      expect((await attempt({ otp: someoneElse(code) })).upiCode).to.equal('ZR');
      expect((await attempt({ cardExpiry: '0130' })).upiCode).to.equal('ZT');
      // locked: the right card and code no longer set a PIN, and no new code is sent
      expect((await attempt({})).upiCode).to.equal('ZT');
      expect((await refusal(() => client.requestPinOtp(session, vpa))).upiCode).to.equal('ZT');
      const accounts = await client.discover(session, meera.customer.ifsc);
      expect(accounts.find((a) => a.acNum === meera.customer.acNum)?.pinSet).to.equal(false);
    } finally {
      await phone.close();
    }
  });

  it('a locked PIN stays locked through a PIN set: no code is sent (Z6), and the right PIN still gets Z6', async () => {
    const vikram = await onboard(net.clients.get('psp.kite')!, customer('vikram'), {
      phones: net.phones,
      pin: TEST_PIN,
    });
    const rahul = await onboard(net.clients.get('psp.zap')!, customer('rahul'), { phones: net.phones });
    const { client, session, vpa } = vikram;
    const pay = async (pin: string) => {
      const { txnId } = await client.pay(session, {
        payerVpa: vpa,
        payeeVpa: rahul.vpa,
        amount: '1.00',
        pin,
      });
      return client.waitForFinal(session, txnId, { timeoutMs: 20_000 });
    };
    const legCodes = [];
    for (const pin of ['0000', '1111', '2222']) legCodes.push((await pay(pin)).legs[0]?.respCode);
    expect(legCodes).to.deep.equal(['ZM', 'ZM', 'Z6']);
    expect((await refusal(() => client.requestPinOtp(session, vpa))).upiCode).to.equal('Z6');
    const set = await refusal(() =>
      client.setPin(session, {
        vpa,
        newPin: '1357',
        cardLast6: vikram.customer.cardLast6,
        cardExpiry: vikram.customer.cardExpiry,
        otp: '123456',
      }),
    );
    expect(set.upiCode).to.equal('Z6');
    expect((await pay(TEST_PIN)).legs[0]?.respCode).to.equal('Z6');
  });
});
