/**
 * Issue 11 end to end: the UPI app in headless Chromium, two browser contexts standing for two phones, on
 * a network of processes (support/testNetwork.ts) with the app server in front of it. One customer onboards
 * from nothing (registration with the SMS code, account discovery, a UPI ID, a PIN set with the card and
 * the bank's SMS code) and shows a receive QR code; the other uploads that QR image, sees the payee's
 * validated name before the PIN is asked, pays, and watches the payment succeed while the first sees the
 * credit arrive live; a dynamic QR code locks its amount, and a phone with a (fake) camera scans one. Declines
 * read as sentences. A recording tap between the app server and the payer's
 * PSP, the PSP's database and its logs prove the PIN never reached the PSP in clear. Screenshots go to
 * reports/screenshots/ (docs/screenshots/app-*.png are a copy of a run).
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startAppServer, type AppServer } from '@switchyard/app/server';
import { testSettings } from '@switchyard/infra/testing';
import { appServerOptionsFor, buildWebApp, REPO_ROOT, type DemoCustomer } from '@switchyard/tools';
import {
  STEP_MS,
  changePin,
  confirmPayee,
  fillPayment,
  linkAccount,
  openApp,
  payWithPin,
  register,
  saveReceiveQr,
  scanQrImage,
  setPin,
  type Person,
} from './support/appScreens.ts';
import { launchBrowser, newPhone } from './support/browser.ts';
import { writeCameraVideo } from './support/fakeCamera.ts';
import { startRecordingProxy, type RecordingProxy } from './support/recordingProxy.ts';
import { startTestNetwork, type TestNetwork } from './support/testNetwork.ts';

const SHOTS_DIR = join(REPO_ROOT, 'reports/screenshots');
// Six-digit PINs whose digits appear in no account number, mobile, amount or date of this test.
const FIRST_PIN = '582914';
const PIN = '640273';
const PAYEE_PIN = '386157';

const customer = (fields: Omit<DemoCustomer, 'status' | 'cardExpiry'>): DemoCustomer => ({
  ...fields,
  status: 'ACTIVE',
  cardExpiry: '0830',
});
const nila = customer({
  name: 'Nila Menon',
  mobile: '9811100001',
  bank: 'bank.banyan',
  acNum: '200000900001',
  ifsc: 'BNYN0000001',
  balanceMinor: 100_000,
  cardLast6: '511001',
  psp: 'psp.kite',
  vpaUser: 'nila',
});
const arjun = customer({
  name: 'Arjun Das',
  mobile: '9811100002',
  bank: 'bank.lotus',
  acNum: '100000900002',
  ifsc: 'LOTS0000001',
  balanceMinor: 100_000, // ₹1,000
  cardLast6: '511002',
  psp: 'psp.zap',
  vpaUser: 'arjun',
});
const person = (c: DemoCustomer, bankName: string): Person => ({ ...c, bankName });

describe('e2e: the UPI app in the browser (two phones)', function () {
  this.timeout(600_000);
  let net: TestNetwork;
  let tap: RecordingProxy;
  let server: AppServer;
  let browser: Browser;
  let cameraBrowser: Browser | undefined;
  let scratch: string; // QR images and the camera's video
  let payee: Page; // Nila, Kite UPI
  let payer: Page; // Arjun, ZapPay
  let payeeVpa = '';
  let payerVpa = '';
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS_DIR, `app-${name}.png`) });

  before(async () => {
    buildWebApp();
    await mkdir(SHOTS_DIR, { recursive: true });
    scratch = await mkdtemp(join(tmpdir(), 'sy-app-e2e-'));
    net = await startTestNetwork({
      customers: [nila, arjun],
      // A debit unanswered for 10 s times out; its reversal waits 3 s (the injected-timeout case below).
      envFor: { switch: { SY_DEBIT_TIMEOUT_MS: '10000', SY_DEBIT_REVERSAL_TIMEOUT_MS: '3000' } },
    });
    tap = await startRecordingProxy(net.urlOf('psp.zap'));
    server = await startAppServer(
      appServerOptionsFor(net.network, {
        urlOf: (id) => (id === 'psp.zap' ? tap.url : net.urlOf(id)),
        amqpUrl: testSettings().amqpUrl,
        port: 0,
      }),
    );
    browser = await launchBrowser();
    payee = await (await newPhone(browser)).newPage();
    payer = await (await newPhone(browser)).newPage();
  });
  after(async () => {
    await cameraBrowser?.close();
    await browser?.close();
    await server?.close();
    await tap?.close();
    await net?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('one customer onboards from nothing — SMS code, account discovery, UPI ID, PIN with card and SMS code — and shows a receive QR', async () => {
    await openApp(payee, server.url, 'kite', nila);
    await shot(payee, '1-register');
    await register(payee);
    payeeVpa = await linkAccount(payee, person(nila, 'Banyan Bank'), 'nila');
    expect(payeeVpa).to.equal('nila@kite');
    await setPin(payee, person(nila, 'Banyan Bank'), PAYEE_PIN);
    const intent = await saveReceiveQr(payee, join(scratch, 'nila-receive.png'));
    expect(intent).to.equal('upi://pay?pa=nila@kite&pn=Nila%20Menon');
    await shot(payee, '2-receive-qr');
  });

  it('the other onboards, uploads that QR image, sees the payee’s name before the PIN is asked, and watches the payment succeed', async () => {
    await openApp(payer, server.url, 'zap', arjun);
    await register(payer);
    payerVpa = await linkAccount(payer, person(arjun, 'Lotus Bank'), 'arjun');
    await setPin(payer, person(arjun, 'Lotus Bank'), FIRST_PIN);
    await changePin(payer, payerVpa, FIRST_PIN, PIN);

    await scanQrImage(payer, join(scratch, 'nila-receive.png'));
    expect(await payer.locator('input[name=payee]').inputValue()).to.equal('nila@kite');
    expect(await payer.locator('input[name=amount]').getAttribute('readonly')).to.equal(null); // static QR
    await payer.locator('input[name=amount]').fill('250');
    await payer.locator('input[name=note]').fill('Dinner');
    expect(await payer.locator('input[name=pin]').count()).to.equal(0);
    expect(await confirmPayee(payer)).to.equal('Nila Menon');
    await shot(payer, '3-confirm-payee');
    const paid = await payWithPin(payer, PIN);
    expect(paid.status).to.equal('SUCCESS');
    await shot(payer, '4-paid');
  });

  it('the payee sees the incoming credit arrive live, without reloading', async () => {
    const toast = payee.getByTestId('received');
    await toast.waitFor({ timeout: STEP_MS });
    expect(await toast.innerText()).to.equal('Received ₹250.00 from arjun@zap');
    await payee.locator('[data-tab=history]').click();
    const row = payee.locator('li[data-role=PAYEE][data-status=SUCCESS]');
    expect(await row.count()).to.equal(1);
    await shot(payee, '5-received-live');
  });

  it('a dynamic QR code fixes the amount: the payer cannot change it, and pays exactly that', async () => {
    await payee.locator('[data-tab=receive]').click();
    await payee.locator('input[name=request-amount]').fill('120');
    await payee.locator('input[name=request-note]').fill('Tea and snacks');
    await payee.getByRole('button', { name: 'Show QR with amount' }).click();
    await payee.waitForFunction(() =>
      document.querySelector('[data-testid=receive-qr]')?.getAttribute('data-intent')?.includes('am=120.00'),
    );
    const intent = await saveReceiveQr(payee, join(scratch, 'nila-request.png'));
    expect(intent).to.match(
      /^upi:\/\/pay\?pa=nila@kite&pn=Nila%20Menon&am=120\.00&cu=INR&tn=Tea%20and%20snacks&tr=[A-Z0-9]{12}$/,
    );
    await scanQrImage(payer, join(scratch, 'nila-request.png'));
    const amount = payer.locator('input[name=amount]');
    expect(await amount.inputValue()).to.equal('120.00');
    expect(await amount.getAttribute('readonly')).to.not.equal(null);
    expect(await payer.locator('input[name=note]').inputValue()).to.equal('Tea and snacks');
    expect(await confirmPayee(payer)).to.equal('Nila Menon');
    expect((await payWithPin(payer, PIN)).status).to.equal('SUCCESS');
  });

  it('a wrong PIN reads as a wrong PIN', async () => {
    await fillPayment(payer, payeeVpa, '10');
    await confirmPayee(payer);
    expect((await payWithPin(payer, '111111')).status).to.equal('FAILURE');
    expect(await payer.getByTestId('decline').innerText()).to.match(/^Wrong UPI PIN\./);
    await shot(payer, '6-wrong-pin');
  });

  it('insufficient funds read as not enough balance', async () => {
    await fillPayment(payer, payeeVpa, '5000');
    await confirmPayee(payer);
    expect((await payWithPin(payer, PIN)).status).to.equal('FAILURE');
    expect(await payer.getByTestId('decline').innerText()).to.equal(
      'Not enough balance in your account for this payment.',
    );
  });

  it('an injected timeout — the payer’s bank never answers the debit (magic amount ₹1.71) — reads as the bank taking too long; the pending payment offers a status check', async () => {
    await fillPayment(payer, payeeVpa, '1.71');
    await confirmPayee(payer);
    await payer.locator('input[name=pin]').fill(PIN);
    await payer.getByRole('button', { name: /^Pay ₹/ }).click();
    await payer.locator('[data-testid=payment-status][data-status=PENDING]').waitFor({ timeout: STEP_MS });
    await payer.getByRole('button', { name: 'Check status' }).click();
    // The PSP asks the switch (ReqChkTxn) or says when it may: NPCI spaces the checks of one payment.
    expect(await payer.getByTestId('check-note').innerText({ timeout: STEP_MS })).to.match(
      /^(Asked the network \(check 1 of 3\)|Too early to ask the network: try again after )/,
    );
    await payer
      .locator('[data-testid=payment-status]:not([data-status=PENDING])')
      .waitFor({ timeout: 60_000 });
    expect(await payer.getByTestId('payment-status').getAttribute('data-status')).to.equal('FAILURE');
    expect(await payer.getByTestId('decline').innerText()).to.match(/^Your bank took too long to answer\./);
    await shot(payer, '7-bank-timeout');
    await payer.locator('[data-tab=history]').click();
    await payer.locator('li[data-role=PAYER]').nth(4).waitFor({ timeout: STEP_MS });
    await shot(payer, '8-history');
  });

  it('the PIN never reached the PSP in clear: not in what it received, its database or its logs', async () => {
    const pins = [FIRST_PIN, PIN, '111111'];
    const payments = tap.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payments');
    const pinSets = tap.requests.filter(
      (r) => r.method === 'POST' && /^\/v1\/vpas\/[^/]+\/pin$/.test(r.path),
    );
    expect(payments).to.have.length(5); // what the tap saw is what the PSP got: the sealed blocks are there
    expect(pinSets).to.have.length(2);
    for (const request of [...payments, ...pinSets]) {
      const body = JSON.parse(request.body) as { creds: { data: string } };
      expect(body.creds.data).to.match(/^[A-Za-z0-9_-]{100,}$/);
    }
    const received = tap.requests
      .map((r) => `${r.method} ${r.path} ${JSON.stringify(r.headers)} ${r.body}`)
      .join('\n');
    const dump = spawnSync('pg_dump', ['--data-only', `--dbname=${net.databaseUrlOf('psp.zap')}`], {
      encoding: 'utf8',
    });
    expect(dump.status, dump.stderr).to.equal(0);
    expect(dump.stdout).to.include(payerVpa); // the dump holds the payer's rows
    const logsDir = join(dirname(net.networkFile), 'logs');
    const logs = (
      await Promise.all(
        (await readdir(logsDir))
          .filter((f) => f.startsWith('psp.zap'))
          .map((f) => readFile(join(logsDir, f), 'utf8')),
      )
    ).join('\n');
    expect(logs.length).to.be.greaterThan(0);
    for (const pin of pins) {
      expect(received.includes(pin), `PIN ${pin} in a request the PSP received`).to.equal(false);
      expect(dump.stdout.includes(pin), `PIN ${pin} in the PSP's database`).to.equal(false);
      expect(logs.includes(pin), `PIN ${pin} in the PSP's logs`).to.equal(false);
    }
  });

  it('on a phone with a camera, the payer scans the payee’s QR code: the form fills, the amount locked, and the payment succeeds', async () => {
    const video = join(scratch, 'camera.y4m');
    await writeCameraVideo(join(scratch, 'nila-request.png'), video);
    cameraBrowser = await launchBrowser({ cameraVideo: video });
    const phone = await (await newPhone(cameraBrowser, ['camera'])).newPage();
    await openApp(phone, server.url, 'zap', arjun);
    await register(phone); // Arjun's number moves to this phone with the SMS code; his UPI ID and PIN stay
    await phone.locator('[data-tab=pay]').click();
    await phone.getByRole('button', { name: 'Scan with camera' }).click();
    await phone.waitForFunction(
      () => document.querySelector<HTMLInputElement>('input[name=payee]')?.value === 'nila@kite',
      undefined,
      { timeout: STEP_MS },
    );
    const amount = phone.locator('input[name=amount]');
    expect(await amount.inputValue()).to.equal('120.00');
    expect(await amount.getAttribute('readonly')).to.not.equal(null);
    await shot(phone, '9-camera-scan');
    expect(await confirmPayee(phone)).to.equal('Nila Menon');
    expect((await payWithPin(phone, PIN)).status).to.equal('SUCCESS');
  });
});
