import { expect } from 'chai';
import { sql } from 'slonik';
import { newTxnId, openCreds, sealCreds, type ReqPayPay } from '@switchyard/contracts';
import { startPspTestApp, type PspTestApp } from './support/pspTestApp.ts';
import { userWithVpa, type TestUser } from './support/users.ts';

const PIN = '482913';

describe('psp: POST /v1/payments', () => {
  let psp: PspTestApp;
  let asha: TestUser & { vpa: string };

  const sealedFor = (txnId: string, amountMinor: number): string =>
    sealCreds(
      { purpose: 'PAY', pin: PIN, txnId, amountMinor, sealedAt: Date.now() },
      psp.keys.directory.current('bank.lotus')!,
    );

  const pay = (body: Record<string, unknown>, key: string, user: TestUser = asha) =>
    psp.app.inject({
      method: 'POST',
      url: '/v1/payments',
      headers: { ...user.headers, 'idempotency-key': key },
      payload: body,
    });

  before(async () => {
    psp = await startPspTestApp();
    asha = await userWithVpa(psp, 'asha', '100000000001');
  });
  after(async () => {
    await psp.close();
  });

  it('accepts with 202 PENDING and writes payment + sealed ReqPay PAY in one go; the PIN never appears in clear', async () => {
    const txnId = newTxnId('ZAP');
    const creds = { type: 'PIN', data: sealedFor(txnId, 25_000) };
    const response = await pay(
      { txnId, payerVpa: 'asha@zap', payeeVpa: 'vikram@kite', amount: '250.00', note: 'dinner', creds },
      'pay-1',
    );
    expect(response.statusCode).to.equal(202);
    expect(response.json()).to.deep.equal({ txnId, status: 'PENDING' });

    const payment = (
      await psp.app.inject({ method: 'GET', url: `/v1/payments/${txnId}`, headers: asha.headers })
    ).json();
    expect(payment).to.include({
      txnId,
      role: 'PAYER',
      status: 'PENDING',
      amount: '250.00',
      amountMinor: 25_000,
      payerVpa: 'asha@zap',
      payeeVpa: 'vikram@kite',
      note: 'dinner',
      errCode: null,
    });

    // Everything stored, searched for the PIN and for the creds block in clear (bytea compared as bytes).
    const tables = (await psp.db.pool.any(sql.unsafe`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)) as {
      table_name: string;
    }[];
    for (const { table_name } of tables) {
      const rows = (await psp.db.pool.any(
        sql.unsafe`SELECT * FROM ${sql.identifier([table_name])}`,
      )) as Record<string, unknown>[];
      for (const row of rows) {
        for (const value of Object.values(row)) {
          const bytes = Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value ?? null));
          expect(bytes.includes(PIN), `PIN in ${table_name}`).to.equal(false);
          expect(bytes.includes(creds.data), `creds block in clear in ${table_name}`).to.equal(false);
        }
      }
    }

    const sent = await psp.takeOutbox();
    expect(sent).to.have.length(1);
    const [row] = sent;
    expect(row.recipient).to.equal('switch');
    expect(row.exchange).to.match(/\.switch$/);
    const message = row.message as ReqPayPay;
    expect(message.type).to.equal('upi.ReqPay.PAY.v1');
    expect(message.head).to.include({ orgId: 'psp.zap', msgId: row.messageId });
    expect(message.txn).to.include({ id: txnId, type: 'PAY', note: 'dinner' });
    expect(message.payer).to.deep.include({
      addr: 'asha@zap',
      name: 'User asha',
      ac: { acNum: '100000000001', ifsc: 'LOTS0000001' },
    });
    expect(message.payer.device).to.deep.equal({ mobile: asha.mobile, id: asha.deviceId });
    expect(message.payee).to.deep.equal({ addr: 'vikram@kite' });
    expect(message.amount).to.deep.equal({ valueMinor: 25_000, curr: 'INR' });
    expect(message.payer.creds).to.deep.equal(creds); // forwarded unchanged
    const opened = openCreds(message.payer.creds.data, psp.keys.own('bank.lotus'));
    expect(opened.ok && opened.payload).to.deep.include({
      purpose: 'PAY',
      pin: PIN,
      txnId,
      amountMinor: 25_000,
    });
  });

  it('replays the same answer for the same key and body, and refuses a different body with 422', async () => {
    const txnId = newTxnId('ZAP');
    const body = {
      txnId,
      payerVpa: 'asha@zap',
      payeeVpa: 'vikram@kite',
      amount: '5',
      creds: { type: 'PIN', data: sealedFor(txnId, 500) },
    };
    const first = await pay(body, 'same-key');
    const again = await pay(
      { creds: body.creds, amount: '5', payeeVpa: 'vikram@kite', payerVpa: 'asha@zap', txnId },
      'same-key',
    );
    expect(first.statusCode).to.equal(202);
    expect(again.statusCode).to.equal(202);
    expect(again.body).to.equal(first.body);
    expect(again.headers['idempotent-replayed']).to.equal('true');
    expect(await psp.takeOutbox('upi.ReqPay.PAY.v1')).to.have.length(1); // one ReqPay, not two

    const payments = await psp.count('payments');
    const other = await pay({ ...body, amount: '6' }, 'same-key');
    expect(other.statusCode).to.equal(422);
    expect(other.json().code).to.equal('PSP_ERR_IDEMPOTENCY_KEY_REUSED');
    expect(await psp.count('payments')).to.equal(payments);
    expect(await psp.count('outbox')).to.equal(0);
  });

  it('serializes concurrent requests with one key into one payment and one ReqPay', async () => {
    const txnId = newTxnId('ZAP');
    const body = {
      txnId,
      payerVpa: 'asha@zap',
      payeeVpa: 'vikram@kite',
      amount: '7.25',
      creds: { type: 'PIN', data: sealedFor(txnId, 725) },
    };
    const answers = await Promise.all([pay(body, 'race-key'), pay(body, 'race-key'), pay(body, 'race-key')]);
    expect(answers.map((a) => a.statusCode)).to.deep.equal([202, 202, 202]);
    expect(new Set(answers.map((a) => a.body)).size).to.equal(1);
    expect(await psp.takeOutbox('upi.ReqPay.PAY.v1')).to.have.length(1);
    expect(psp.deps.admission.inFlight(Date.now())).to.be.greaterThan(0);
  });

  it('refuses a txn id already used (409), one without our prefix (422), and a same-VPA payment (422)', async () => {
    const txnId = newTxnId('ZAP');
    const body = {
      txnId,
      payerVpa: 'asha@zap',
      payeeVpa: 'vikram@kite',
      amount: '1',
      creds: { type: 'PIN', data: sealedFor(txnId, 100) },
    };
    expect((await pay(body, 'k-a')).statusCode).to.equal(202);
    await psp.takeOutbox();
    const before = await psp.count('payments');
    const reused = await pay(body, 'k-b');
    expect(reused.statusCode).to.equal(409);
    expect(reused.json().code).to.equal('PSP_ERR_TXN_ID_USED');
    const foreign = await pay({ ...body, txnId: newTxnId('KIT') }, 'k-c');
    expect(foreign.statusCode).to.equal(422);
    expect(foreign.json().code).to.equal('PSP_ERR_TXN_PREFIX');
    const self = await pay({ ...body, txnId: newTxnId('ZAP'), payeeVpa: 'ASHA@zap' }, 'k-d');
    expect(self.statusCode).to.equal(422);
    expect(self.json().code).to.equal('PSP_ERR_SAME_VPA');
    expect(await psp.count('payments')).to.equal(before);
    expect(await psp.count('idempotency_keys')).to.be.greaterThan(0);
    expect(await psp.count('outbox')).to.equal(0);
    // The rejected keys were not consumed: k-b works for a fresh payment.
    const fresh = newTxnId('ZAP');
    expect(
      (await pay({ ...body, txnId: fresh, creds: { type: 'PIN', data: sealedFor(fresh, 100) } }, 'k-b'))
        .statusCode,
    ).to.equal(202);
    await psp.takeOutbox();
  });

  it("lists the user's payments newest first with a cursor", async () => {
    const user = await userWithVpa(psp, 'lister', '100000000009');
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const txnId = newTxnId('ZAP');
      ids.push(txnId);
      const response = await pay(
        {
          txnId,
          payerVpa: user.vpa,
          payeeVpa: 'vikram@kite',
          amount: `${i + 1}.00`,
          creds: { type: 'PIN', data: sealedFor(txnId, (i + 1) * 100) },
        },
        `list-${i}`,
        user,
      );
      expect(response.statusCode).to.equal(202);
    }
    await psp.takeOutbox();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/payments?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await psp.app.inject({ method: 'GET', url, headers: user.headers })).json<{
        payments: { txnId: string }[];
        nextCursor: string | null;
      }>();
      seen.push(...page.payments.map((p) => p.txnId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).to.deep.equal([...ids].reverse());
    const bad = await psp.app.inject({
      method: 'GET',
      url: '/v1/payments?cursor=bm9wZQ',
      headers: user.headers,
    });
    expect(bad.statusCode).to.equal(400);
    expect(bad.json().code).to.equal('PSP_ERR_VALIDATION');
  });
});

describe('psp: Idempotency-Key retention', () => {
  it('deletes answers older than the retention in batches, and a reused old key cannot pay twice', async () => {
    const { startIdempotencyCleanup } = await import('../../src/runtime/idempotencyCleanup.ts');
    const psp = await startPspTestApp();
    try {
      const user = await userWithVpa(psp, 'keeper', '100000000055');
      const txnId = newTxnId('ZAP');
      const body = {
        txnId,
        payerVpa: 'keeper@zap',
        payeeVpa: 'vikram@kite',
        amount: '3',
        creds: { type: 'PIN', data: 'c2VhbGVk' },
      };
      const headers = { ...user.headers, 'idempotency-key': 'old-key' };
      expect(
        (await psp.app.inject({ method: 'POST', url: '/v1/payments', headers, payload: body })).statusCode,
      ).to.equal(202);
      await psp.db.pool.query(sql.unsafe`UPDATE idempotency_keys SET created_at = now() - interval '2 days'`);
      const cleanup = startIdempotencyCleanup({
        db: psp.db,
        retentionMs: 86_400_000,
        intervalMs: 3_600_000,
        log: psp.deps.log,
      });
      try {
        expect(await cleanup.sweep()).to.equal(1);
        expect(await cleanup.sweep()).to.equal(0);
      } finally {
        cleanup.stop();
      }
      const again = await psp.app.inject({ method: 'POST', url: '/v1/payments', headers, payload: body });
      expect(again.statusCode).to.equal(409);
      expect(again.json().code).to.equal('PSP_ERR_TXN_ID_USED');
    } finally {
      await psp.close();
    }
  });
});
