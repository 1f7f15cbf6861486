/**
 * What a person does in the UPI app, step by step, on one phone (a browser page): the browser test's
 * vocabulary. Every step goes through the page's own controls; codes are read from the page's SMS area,
 * as a person reads them from the notification.
 */
import { writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';

/** Generous bounds for a correct wait on a busy 2-core machine (the network answers in well under 1 s). */
export const STEP_MS = 30_000;

export type Person = {
  name: string;
  mobile: string;
  bankName: string;
  cardLast6: string;
  cardExpiry: string;
};

/** The 6-digit code in the newest SMS whose text matches `match`, as the page's SMS area shows it. */
const codeFromSms = async (page: Page, match: RegExp): Promise<string> => {
  const sms = page.getByTestId('sms').locator('.sms-item').filter({ hasText: match }).first();
  await sms.waitFor({ timeout: STEP_MS });
  const code = /\b([0-9]{6})\b/.exec(await sms.innerText())?.[1];
  if (code === undefined) throw new Error(`no code in the SMS matching ${String(match)}`);
  return code;
};

export const openApp = async (
  page: Page,
  appUrl: string,
  handle: string,
  person: { name: string; mobile: string },
): Promise<void> => {
  await page.goto(`${appUrl}/${handle}/?phone=${person.mobile}&name=${encodeURIComponent(person.name)}`);
};

/** Registration with the device binding: the PSP's code arrives by SMS on this phone. */
export const register = async (page: Page): Promise<void> => {
  await page.getByRole('button', { name: 'Send me a code' }).click({ timeout: STEP_MS });
  const code = await codeFromSms(page, /code to register this phone/);
  await page.locator('input[name=code]').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('button', { name: 'Link a bank account' }).waitFor({ timeout: STEP_MS });
};

/** Account discovery at the person's bank and a UPI ID; answers the UPI ID the app created. */
export const linkAccount = async (page: Page, person: Person, username: string): Promise<string> => {
  await page.getByRole('button', { name: 'Link a bank account' }).click();
  await page.locator('select[name=bank]').selectOption({ label: person.bankName });
  await page.getByRole('button', { name: 'Find my accounts' }).click();
  await page.locator('input[name=account]').first().check({ timeout: STEP_MS });
  await page.locator('input[name=username]').fill(username);
  await page.getByRole('button', { name: 'Create UPI ID' }).click();
  await page.getByRole('heading', { name: 'Set UPI PIN' }).waitFor({ timeout: STEP_MS });
  return (await page.locator('section > p.quiet').first().innerText()).trim();
};

/** PIN set with the debit card and the bank's code (ReqOtp by SMS), from the Set UPI PIN screen. */
export const setPin = async (page: Page, person: Person, pin: string): Promise<void> => {
  await page.locator('input[name=card-last6]').fill(person.cardLast6);
  await page.locator('input[name=card-expiry]').fill(person.cardExpiry);
  await page.getByRole('button', { name: 'Get a code from my bank' }).click();
  const code = await codeFromSms(page, /code to set the UPI PIN/);
  await page.locator('input[name=bank-code]').fill(code);
  await page.locator('input[name=new-pin]').fill(pin);
  await page.locator('input[name=new-pin-again]').fill(pin);
  await page.getByRole('button', { name: 'Set PIN' }).click();
  await page.getByTestId('pin-done').waitFor({ timeout: STEP_MS });
  await page.getByRole('button', { name: 'Done' }).click();
};

export const changePin = async (page: Page, vpa: string, oldPin: string, newPin: string): Promise<void> => {
  await page.locator(`li[data-vpa="${vpa}"]`).getByRole('button', { name: 'Change PIN' }).click();
  await page.locator('input[name=old-pin]').fill(oldPin);
  await page.locator('input[name=new-pin]').fill(newPin);
  await page.locator('input[name=new-pin-again]').fill(newPin);
  await page.getByRole('button', { name: 'Change PIN' }).click();
  await page.getByTestId('pin-done').waitFor({ timeout: STEP_MS });
  await page.getByRole('button', { name: 'Done' }).click();
};

/** The Receive screen's QR code saved as a PNG file (what a person would photograph or share). */
export const saveReceiveQr = async (page: Page, file: string): Promise<string> => {
  await page.locator('[data-tab=receive]').click();
  const image = page.getByTestId('receive-qr');
  await image.waitFor({ timeout: STEP_MS });
  const source = (await image.getAttribute('src')) ?? '';
  await writeFile(file, Buffer.from(source.replace(/^data:image\/png;base64,/, ''), 'base64'));
  return (await image.getAttribute('data-intent')) ?? '';
};

/** The Pay screen from a QR image: uploads it; the intent fills the form. */
export const scanQrImage = async (page: Page, file: string): Promise<void> => {
  await page.locator('[data-tab=pay]').click();
  await page.locator('input[name=qr-image]').setInputFiles(file);
  await page.waitForFunction(
    () => document.querySelector<HTMLInputElement>('input[name=payee]')?.value !== '',
    undefined,
    {
      timeout: STEP_MS,
    },
  );
};

/** Fills the Pay form by hand. */
export const fillPayment = async (page: Page, payee: string, amount: string, note = ''): Promise<void> => {
  await page.locator('[data-tab=pay]').click();
  await page.locator('input[name=payee]').fill(payee);
  await page.locator('input[name=amount]').fill(amount);
  await page.locator('input[name=note]').fill(note);
};

/** Continue → the payee's validated name is shown; answers it. The PIN field is there only now. */
export const confirmPayee = async (page: Page): Promise<string> => {
  await page.getByRole('button', { name: 'Continue' }).click();
  const payee = page.getByTestId('payee-name').locator('strong');
  await payee.waitFor({ timeout: STEP_MS });
  return payee.innerText();
};

/** Enters the PIN and pays; answers the payment's final status as the status screen shows it. */
export const payWithPin = async (page: Page, pin: string): Promise<{ status: string; txnId: string }> => {
  await page.locator('input[name=pin]').fill(pin);
  await page.getByRole('button', { name: /^Pay ₹/ }).click();
  const screen = page.locator('[data-testid=payment-status]:not([data-status=PENDING])');
  await screen.waitFor({ timeout: 60_000 });
  return {
    status: (await screen.getAttribute('data-status')) ?? '',
    txnId: (await screen.getAttribute('data-txn')) ?? '',
  };
};
