/**
 * `make qr VPA=asha@zap [AMOUNT=250.00] [NOTE=…]` — a VPA's "receive" QR code (docs/upi.md §8.1): printed in
 * the terminal and written as PNG and SVG. Static (`upi://pay?pa=…&pn=…`) without an amount, dynamic (amount,
 * note, reference) with one — the same intent the app's Receive screen shows (app receiveIntent.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import QRCode from 'qrcode';
import { receiveIntentOf } from '@switchyard/app';
import { isVpa, parseRupees } from '@switchyard/contracts';
import { loadNetwork } from '@switchyard/infra';
import { LOCAL_SETTINGS_HELP, localSettings } from '../config.ts';
import { loadDemoCustomers } from '../demo/demoCustomers.ts';

const options = new Command('qr')
  .description("A VPA's receive QR code: printed in the terminal, written as PNG and SVG.")
  .option('--vpa <vpa>', 'the payee, e.g. asha@zap (required)')
  .option('--name <name>', "the payee's name (default: the demo customer's, for a demo VPA)")
  .option('--amount <rupees>', 'makes it dynamic: this amount, fixed for the payer')
  .option('--note <text>', 'the transaction note (tn)')
  .option('--ref <ref>', 'the reference (tr) of a dynamic QR (default: a fresh one)')
  .option('--out <dir>', 'where the PNG and SVG go (default: <run dir>/qr)')
  .addHelpText('after', LOCAL_SETTINGS_HELP)
  .parse()
  .opts<{ vpa?: string; name?: string; amount?: string; note?: string; ref?: string; out?: string }>();

const fail = (message: string): never => {
  console.error(`qr: ${message}`);
  process.exit(1);
};

const settings = localSettings();
const vpa = options.vpa ?? fail('give the payee: --vpa <vpa>');
if (!isVpa(vpa)) fail(`not a VPA: ${vpa}`);
const nameOf = (vpa: string): string | undefined => {
  const [user, handle] = vpa.toLowerCase().split('@');
  const psp = loadNetwork(settings.networkFile).psps.find((p) => p.handle === handle);
  return loadDemoCustomers().find((c) => c.vpaUser === user && c.psp === psp?.id)?.name;
};
const name = options.name ?? nameOf(vpa) ?? fail(`${vpa} is not a demo customer's VPA: give --name`);
const amountMinor = options.amount === undefined ? undefined : parseRupees(options.amount);
if (options.amount !== undefined && (amountMinor === undefined || amountMinor < 1))
  fail(`not a rupee amount: ${options.amount}`);

let intent = '';
try {
  intent = receiveIntentOf({ vpa, name, amountMinor, note: options.note, ref: options.ref });
} catch (error) {
  fail((error as Error).message);
}
const outDir = options.out ?? join(settings.runDir, 'qr');
mkdirSync(outDir, { recursive: true });
const base = join(outDir, `${vpa.replace(/[^A-Za-z0-9._-]/g, '_')}${amountMinor ? `-${amountMinor}` : ''}`);
const qrOptions = { errorCorrectionLevel: 'M', margin: 2 } as const;
await QRCode.toFile(`${base}.png`, intent, { ...qrOptions, type: 'png', width: 480 });
writeFileSync(`${base}.svg`, await QRCode.toString(intent, { ...qrOptions, type: 'svg' }));
console.log(await QRCode.toString(intent, { ...qrOptions, type: 'terminal', small: true }));
console.log(intent);
console.log(`wrote ${base}.png and ${base}.svg`);
