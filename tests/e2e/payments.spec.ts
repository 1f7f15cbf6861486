/**
 * Issue 3 end to end: the whole network (switch, two PSPs, two banks) as separate processes on the real
 * broker and databases, driven through the PSPs' HTTP API like an app would.
 */
import { expect } from 'chai';
import { sealCreds } from '@switchyard/contracts';
import type { PaymentView } from '@switchyard/psp';
import { loadDemoCustomers, onboard, type Onboarded } from '@switchyard/tools';
import { startTestNetwork, type TestNetwork } from './support/testNetwork.ts';
import { extraCustomers, TEST_PIN } from './support/extraCustomers.ts';
import { bankBalance } from './support/banks.ts';

describe('e2e: payments across PSPs, switch and banks', function () {
  this.timeout(120_000);
  let net: TestNetwork;
  const people = new Map<string, Onboarded>();

  before(async () => {
    const customers = [...loadDemoCustomers(), ...extraCustomers()];
    net = await startTestNetwork({ customers });
    for (const customer of customers) {
      const setPin = customer.status === 'ACTIVE' && customer.vpaUser !== 'nisha';
      const pin = setPin ? TEST_PIN : undefined;
      people.set(
        customer.vpaUser,
        await onboard(net.clients.get(customer.psp)!, customer, { phones: net.phones, pin }),
      );
    }
  });
  after(async () => {
    await net?.stop();
  });

  const pay = async (from: string, to: string, amount: string, pin = TEST_PIN): Promise<PaymentView> => {
    const payer = people.get(from)!;
    const payeeVpa = people.get(to)?.vpa ?? to;
    const { txnId } = await payer.client.pay(payer.session, { payerVpa: payer.vpa, payeeVpa, amount, pin });
    return payer.client.waitForFinal(payer.session, txnId, { timeoutMs: 20_000 });
  };
  const balance = (who: string) => bankBalance(net, people.get(who)!.customer);

  it('moves money from asha@zap (Lotus) to vikram@kite (Banyan) and tells both sides', async () => {
    const [payerBefore, payeeBefore] = [await balance('asha'), await balance('vikram')];
    const vikram = people.get('vikram')!;
    const seen: PaymentView[] = [];
    const socket = await vikram.client.openStatusSocket(vikram.session, (p) => seen.push(p));
    try {
      const result = await pay('asha', 'vikram', '123.45');
      expect(result.status).to.equal('SUCCESS');
      expect(result.errCode).to.equal(null);
      expect(result.legs.map((l) => [l.type, l.respCode])).to.deep.equal([
        ['PAYER', '00'],
        ['PAYEE', '00'],
      ]);
      expect(result.custRef).to.match(/^[0-9]{12}$/);
      expect(await balance('asha')).to.equal(payerBefore - 12_345);
      expect(await balance('vikram')).to.equal(payeeBefore + 12_345);
      const deadline = Date.now() + 10_000;
      while (!seen.some((p) => p.txnId === result.txnId && p.status === 'SUCCESS') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      const incoming = seen.find((p) => p.txnId === result.txnId && p.status === 'SUCCESS');
      expect(incoming, 'the payee hears of the credit over its WebSocket').to.not.equal(undefined);
      expect(incoming!.role).to.equal('PAYEE');
    } finally {
      socket.close();
    }
  });

  it("validates a payee address through the switch and the payee's PSP (ReqValAdd), and refuses an unknown one", async () => {
    const asha = people.get('asha')!;
    const verified = await asha.client.validate(asha.session, people.get('vikram')!.vpa);
    expect(verified).to.include({ vpa: 'vikram@kite', name: 'Vikram Singh', ifsc: 'BNYN0000001' });
    const unknown = await asha.client.request('POST', '/v1/payees/validate', {
      session: asha.session,
      body: { vpa: 'nobody@kite' },
    });
    expect(unknown.status).to.be.within(400, 499);
    expect((unknown.body as { upiCode?: string }).upiCode).to.equal('ZH');
  });

  it('changes a UPI PIN through the bank: the old PIN is then refused (ZM), the new one pays', async () => {
    const vikram = people.get('vikram')!;
    await vikram.client.setPin(vikram.session, { vpa: vikram.vpa, oldPin: TEST_PIN, newPin: '135790' });
    const old = await pay('vikram', 'asha', '1.00');
    expect([old.status, old.errCode, old.legs[0]?.respCode]).to.deep.equal(['FAILURE', 'U30', 'ZM']);
    const fresh = await pay('vikram', 'asha', '1.00', '135790');
    expect(fresh.status).to.equal('SUCCESS');
    await vikram.client.setPin(vikram.session, { vpa: vikram.vpa, oldPin: '135790', newPin: TEST_PIN });
    const listed = await vikram.client.listPayments(vikram.session, { limit: 5 });
    expect(listed.payments.map((p) => p.txnId)).to.include(fresh.txnId);
  });

  it('declines a wrong PIN with U30/ZM and moves nothing', async () => {
    const before = await balance('meera');
    const result = await pay('meera', 'asha', '10.00', '9999');
    expect([result.status, result.errCode, result.legs[0]?.respCode, result.declineClass]).to.deep.equal([
      'FAILURE',
      'U30',
      'ZM',
      'BD',
    ]);
    expect(await balance('meera')).to.equal(before);
  });

  it('locks the PIN after 3 wrong tries (Z6), even for the right PIN afterwards', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 3; i += 1) codes.push((await pay('lokesh', 'asha', '1.00', '0000')).legs[0].respCode);
    expect(codes).to.deep.equal(['ZM', 'ZM', 'Z6']);
    const right = await pay('lokesh', 'asha', '1.00');
    expect([right.status, right.errCode, right.legs[0]?.respCode]).to.deep.equal(['FAILURE', 'U30', 'Z6']);
  });

  it('declines when no PIN is set (AM)', async () => {
    const result = await pay('nisha', 'asha', '1.00');
    expect([result.status, result.errCode, result.legs[0]?.respCode]).to.deep.equal(['FAILURE', 'U30', 'AM']);
  });

  it('declines insufficient funds (Z9)', async () => {
    const result = await pay('pooja', 'asha', '500.00');
    expect([result.status, result.errCode, result.legs[0]?.respCode]).to.deep.equal(['FAILURE', 'U30', 'Z9']);
  });

  it('refuses over ₹1,00,000 at the switch (U02) and over the daily limit at the bank (ZU)', async () => {
    const capped = await pay('meera', 'asha', '100000.01');
    expect([capped.status, capped.errCode]).to.deep.equal(['FAILURE', 'U02']);
    const first = await pay('meera', 'vikram', '60000.00');
    expect(first.status).to.equal('SUCCESS');
    const second = await pay('meera', 'vikram', '60000.00');
    expect([second.status, second.errCode, second.legs[0]?.respCode]).to.deep.equal(['FAILURE', 'U30', 'ZU']);
  });

  it('fails address resolution for an unknown payee VPA (U29) and an unknown handle', async () => {
    const unknownUser = await pay('asha', 'nobody@kite', '1.00');
    expect([unknownUser.status, unknownUser.errCode]).to.deep.equal(['FAILURE', 'U29']);
    const unknownHandle = await pay('asha', 'nobody@nosuchpsp', '1.00');
    expect([unknownHandle.status, unknownHandle.errCode]).to.deep.equal(['FAILURE', 'U29']);
  });

  it('rejects an invalid VPA at the PSP with a 4xx and no payment', async () => {
    const asha = people.get('asha')!;
    const { body, idempotencyKey } = await asha.client.paymentRequest(asha.session, {
      payerVpa: asha.vpa,
      payeeVpa: 'vikram@kite',
      amount: '1.00',
      pin: TEST_PIN,
    });
    for (const payeeVpa of ['no-at-sign', 'a@b', `${'x'.repeat(252)}@kite`, 'spaces in@kite']) {
      const response = await asha.client.request('POST', '/v1/payments', {
        session: asha.session,
        body: { ...body, payeeVpa },
        headers: { 'idempotency-key': `${idempotencyKey}-${payeeVpa.length}` },
      });
      expect(response.status, payeeVpa).to.equal(400);
      expect((response.body as { code: string }).code).to.match(/^PSP_ERR_/);
    }
    const missing = await asha.client.request('GET', `/v1/payments/${String(body.txnId)}`, {
      session: asha.session,
    });
    expect(missing.status).to.equal(404);
  });

  it('declines a frozen payer (YE) and reverses the debit when the payee is frozen (U31/YF)', async () => {
    const kabir = people.get('kabir')!;
    const frozenPayer = await (async () => {
      const { txnId } = await kabir.client.pay(kabir.session, {
        payerVpa: kabir.vpa,
        payeeVpa: people.get('asha')!.vpa,
        amount: '1.00',
        pin: TEST_PIN,
      });
      return kabir.client.waitForFinal(kabir.session, txnId, { timeoutMs: 20_000 });
    })();
    expect([frozenPayer.status, frozenPayer.errCode, frozenPayer.legs[0]?.respCode]).to.deep.equal([
      'FAILURE',
      'U30',
      'YE',
    ]);
    const before = await balance('asha');
    const frozenPayee = await pay('asha', 'kabir', '7.00');
    expect([frozenPayee.status, frozenPayee.errCode]).to.deep.equal(['FAILURE', 'U31']);
    expect(frozenPayee.legs.find((l) => l.type === 'PAYEE')?.respCode).to.equal('YF');
    expect(await balance('asha'), 'the debit was reversed').to.equal(before);
  });

  it("needs a credential, and hides other users' payments (404)", async () => {
    const asha = people.get('asha')!;
    const done = await pay('asha', 'vikram', '2.00');
    expect((await asha.client.request('GET', `/v1/payments/${done.txnId}`)).status).to.equal(401);
    const rahul = people.get('rahul')!; // also a psp.zap user
    expect(
      (await rahul.client.request('GET', `/v1/payments/${done.txnId}`, { session: rahul.session })).status,
    ).to.equal(404);
  });

  it('answers the same Idempotency-Key with the same answer, and refuses it with another body (422)', async () => {
    const asha = people.get('asha')!;
    const { body, idempotencyKey } = await asha.client.paymentRequest(asha.session, {
      payerVpa: asha.vpa,
      payeeVpa: people.get('vikram')!.vpa,
      amount: '3.00',
      pin: TEST_PIN,
    });
    const send = (b: unknown) =>
      asha.client.request('POST', '/v1/payments', {
        session: asha.session,
        body: b,
        headers: { 'idempotency-key': idempotencyKey },
      });
    const first = await send(body);
    const again = await send(body);
    expect(first.status).to.equal(202);
    expect([again.status, again.body]).to.deep.equal([first.status, first.body]);
    const other = await send({ ...body, amount: '4.00' });
    expect(other.status).to.equal(422);
    expect((other.body as { code: string }).code).to.equal('PSP_ERR_IDEMPOTENCY_KEY_REUSED');
    const final = await asha.client.waitForFinal(asha.session, String(body.txnId), { timeoutMs: 20_000 });
    expect(final.amount).to.equal('3.00');
  });

  it('refuses a creds block replayed on another payment (U30/XB) without counting a PIN try', async () => {
    const asha = people.get('asha')!;
    const original = await asha.client.paymentRequest(asha.session, {
      payerVpa: asha.vpa,
      payeeVpa: people.get('vikram')!.vpa,
      amount: '5.00',
      pin: TEST_PIN,
    });
    const replay = await asha.client.paymentRequest(asha.session, {
      payerVpa: asha.vpa,
      payeeVpa: people.get('vikram')!.vpa,
      amount: '5.00',
      pin: TEST_PIN,
    });
    const stolen: Record<string, unknown> = { ...replay.body, creds: original.body.creds };
    const accepted = await asha.client.request('POST', '/v1/payments', {
      session: asha.session,
      body: stolen,
      headers: { 'idempotency-key': replay.idempotencyKey },
    });
    expect(accepted.status).to.equal(202);
    const result = await asha.client.waitForFinal(asha.session, String(stolen.txnId), { timeoutMs: 20_000 });
    expect([result.status, result.errCode, result.legs[0]?.respCode]).to.deep.equal(['FAILURE', 'U30', 'XB']);
    // A creds block bound to another amount is refused the same way (it cannot be replayed for more money).
    const bank = net.directory.current('bank.lotus')!;
    const cheap = await asha.client.paymentRequest(asha.session, {
      payerVpa: asha.vpa,
      payeeVpa: people.get('vikram')!.vpa,
      amount: '6.00',
      pin: TEST_PIN,
    });
    const forged = {
      ...cheap.body,
      creds: {
        type: 'PIN',
        data: sealCreds(
          {
            purpose: 'PAY',
            pin: TEST_PIN,
            txnId: String(cheap.body.txnId),
            amountMinor: 1,
            sealedAt: Date.now(),
          },
          bank,
        ),
      },
    };
    await asha.client.request('POST', '/v1/payments', {
      session: asha.session,
      body: forged,
      headers: { 'idempotency-key': cheap.idempotencyKey },
    });
    const forgedResult = await asha.client.waitForFinal(asha.session, String(cheap.body.txnId), {
      timeoutMs: 20_000,
    });
    expect(forgedResult.legs[0]?.respCode).to.equal('XB');
    const next = await pay('asha', 'vikram', '1.00');
    expect(next.status, 'no PIN try was counted: the right PIN still works').to.equal('SUCCESS');
  });
});
