/**
 * The network console in a real browser (headless Chromium driven by playwright-core) against a whole test
 * network: payments flow and the page shows them live (charts, declines by code, the feed, each service's
 * queues); a payment opens on its hops and what both customers see; failure injection is set from the page,
 * its effect seen on the page, and cleared. Screenshots go to reports/screenshots/console-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { loadDemoCustomers, onboard, REPO_ROOT, type Onboarded } from '@switchyard/tools';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { startConsoleProcess, type ConsoleProcess } from './support/consoleProcess.ts';
import { TEST_PIN } from './support/extraCustomers.ts';
import { startTestNetwork, type TestNetwork } from './support/testNetwork.ts';

const SCREENSHOTS = join(REPO_ROOT, 'reports', 'screenshots');
const WAIT_MS = 45_000;

describe('e2e: the network console in a browser', function () {
  this.timeout(300_000);
  let net: TestNetwork;
  let consoleProcess: ConsoleProcess;
  let browser: Browser;
  let page: Page;
  const people = new Map<string, Onboarded>();
  let streaming = true;
  let stream: Promise<void> | undefined;
  const sent: string[] = [];

  /** A steady trickle of payments: successes, a frozen payee (U31) and an unfunded payer (U30). */
  const payments: Array<[string, string, string]> = [
    ['asha', 'vikram', '1.00'],
    ['meera', 'vikram', '2.00'],
    ['asha', 'kabir', '1.00'],
    ['vikram', 'asha', '1.50'],
    ['rahul', 'asha', '5000.00'],
  ];
  const runStream = async (): Promise<void> => {
    for (let i = 0; streaming; i += 1) {
      const [from, to, amount] = payments[i % payments.length];
      const payer = people.get(from)!;
      const answer = await payer.client
        .pay(payer.session, { payerVpa: payer.vpa, payeeVpa: people.get(to)!.vpa, amount, pin: TEST_PIN })
        .catch(() => undefined);
      if (answer) sent.push(answer.txnId);
      await new Promise((r) => setTimeout(r, 300));
    }
  };

  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: join(SCREENSHOTS, `console-${name}.png`), fullPage: true });
  };

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    net = await startTestNetwork({ env: { SY_DEBIT_TIMEOUT_MS: '3000' } });
    for (const customer of loadDemoCustomers()) {
      const pin = customer.status === 'ACTIVE' ? TEST_PIN : undefined;
      people.set(
        customer.vpaUser,
        await onboard(net.clients.get(customer.psp)!, customer, { phones: net.phones, pin }),
      );
    }
    consoleProcess = await startConsoleProcess(net);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1500, height: 1250 } });
    stream = runStream();
  });
  after(async () => {
    streaming = false;
    await stream;
    await browser?.close().catch(() => undefined);
    await consoleProcess?.stop();
    await net?.stop();
  });

  it('shows payments flowing live: charts, declines by code, the feed and every service', async () => {
    await page.goto(consoleProcess.url);
    await page.getByTestId('connection').filter({ hasText: 'live' }).waitFor({ timeout: WAIT_MS });
    // The payments/s figure moves off zero once the switch has completed payments in its window.
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=chart-rate-now]')?.textContent) > 0,
      undefined,
      { timeout: WAIT_MS },
    );
    // Twenty payments in the feed: enough flow for every chart to have a shape in the screenshot.
    await page.locator('[data-testid=payment-row]').nth(19).waitFor({ timeout: 90_000 });
    const shown = await page
      .locator('[data-testid=payment-row]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-txn')));
    // The newest one or two may be in the feed before this test has read their 202.
    expect(
      shown.filter((txnId) => sent.includes(txnId!)).length,
      'the feed shows the payments sent',
    ).to.be.at.least(18);
    await page.locator('[data-testid=decline-code][data-code=U31]').waitFor({ timeout: WAIT_MS });
    await page.locator('[data-testid=decline-code][data-code=U30]').waitFor({ timeout: WAIT_MS });
    expect(await page.locator('[data-testid=chart-success-now]').textContent()).to.match(/[0-9.]+%/);
    const services = await page
      .locator('[data-testid=service-row]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-service')));
    expect(services).to.have.members(['switch', 'psp.zap', 'psp.kite', 'bank.lotus', 'bank.banyan']);
    for (const bank of ['bank.lotus', 'bank.banyan']) {
      const row = page.locator(`[data-testid=bank-row][data-bank="${bank}"]`);
      expect(await row.locator('.badge').first().textContent()).to.equal('ok');
    }
    const breakerCells = await page.locator('[data-testid=breaker]').allTextContents();
    expect(
      breakerCells.every((text) => /^(closed|open|half-open) .*outcomes [0-9]+/.test(text)),
      breakerCells.join(),
    ).to.equal(true);
    await shot('overview');
  });

  it('opens a payment on its hops across the services and what each customer sees', async () => {
    // An older one (the feed is newest first): its last hop, the payee PSP's confirmation, is in by now.
    const row = page
      .locator('[data-testid=payment-row]', { has: page.locator('.badge.SUCCESS') })
      .filter({ hasText: 'asha@zap → vikram@kite' })
      .last();
    const txnId = (await row.getAttribute('data-txn'))!;
    await row.click();
    const detail = page.getByTestId('payment-detail');
    await detail.locator('[data-testid=hop]').first().waitFor({ timeout: WAIT_MS });
    const hops = await detail
      .locator('[data-testid=hop]')
      .evaluateAll((rows) =>
        rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      );
    const messages = hops.map((cells) => `${cells[2]} ${cells[3]}`);
    expect(messages[0]).to.equal('ReqPay PAY psp.zap → switch');
    expect(messages).to.include.members([
      'ReqPay DEBIT switch → bank.lotus',
      'RespPay DEBIT bank.lotus → switch',
      'RespPay PAY switch → psp.zap',
    ]);
    expect(
      hops.every((cells) => cells[5] === 'delivered'),
      'every hop delivered',
    ).to.equal(true);
    expect(await detail.getByTestId('payer-view').textContent()).to.include('SUCCESS');
    expect(await detail.textContent()).to.include(txnId);
    await shot('payment');
    await detail.getByRole('button', { name: 'close' }).click();
  });

  it('sets a failure-injection rule from the page, shows its effect, and clears it', async () => {
    const lotus = page.locator('[data-testid=faults-of][data-participant="bank.lotus"]');
    type Listed = { rules: Array<{ id: string; type: string; action: string; source: string }> };
    const listRules = async (): Promise<Listed['rules']> =>
      (
        (await (
          await fetch(`${net.urlOf('bank.lotus')}/v1/faults`, {
            headers: { 'x-operator-key': net.operatorKey('bank.lotus') },
          })
        ).json()) as Listed
      ).rules;
    // The test network starts every bank with the magic-amount rules (source config): the page folds them.
    const before = await listRules();
    expect(before.every((r) => r.source === 'config')).to.equal(true);
    await lotus
      .locator(`[data-testid=standing-rules][data-count="${before.length}"]`)
      .waitFor({ timeout: WAIT_MS });
    expect(await lotus.getByTestId('no-rules').count()).to.equal(1);
    expect(await page.getByTestId('faults-unavailable').count(), 'every service lists its rules').to.equal(0);
    const form = page.getByTestId('fault-form');
    await form.locator('select[name=participant]').selectOption('bank.lotus');
    await form.locator('select[name=action]').selectOption('drop');
    await form.locator('select[name=type]').selectOption('upi.ReqPay.DEBIT.v1');
    await form.locator('input[name=fraction]').fill('1');
    await form.getByTestId('set-rule').click();
    await lotus.locator('[data-testid=fault-rule][data-source=api]').waitFor({ timeout: WAIT_MS });
    const added = (await listRules()).filter((r) => !before.some((b) => b.id === r.id));
    expect(added.map((r) => `${r.action} ${r.type} ${r.source}`)).to.deep.equal([
      'drop upi.ReqPay.DEBIT.v1 api',
    ]);
    const ours = lotus.locator(`[data-testid=fault-rule][data-rule="${added[0].id}"]`);
    await ours.waitFor({ timeout: WAIT_MS });
    // Lotus no longer answers debits: its payers' debits time out (3 s here), are reversed, and end U67 (TD).
    await page.locator('[data-testid=decline-code][data-code=U67]').waitFor({ timeout: WAIT_MS });
    await page.waitForFunction(
      () =>
        !/TD 0\.0%|TD –/.test(document.querySelector('[data-testid=chart-declines-now]')?.textContent ?? ''),
      undefined,
      { timeout: WAIT_MS },
    );
    await shot('injection');
    expect(Number(await ours.getAttribute('data-fired')), 'the page shows it fired').to.be.greaterThan(0);
    await ours.getByTestId('clear-rule').click();
    await lotus.getByTestId('no-rules').waitFor({ timeout: WAIT_MS });
    expect((await listRules()).map((r) => r.id)).to.deep.equal(before.map((r) => r.id));
  });
});
