/**
 * `node tools/src/cli/seed.ts [--customers demo/customers.json] [--bank bank.lotus]… [--demo-pin 1234]`
 * — seeds the banks of the local network with the customers of the file who bank there (demo/seedBanks.ts):
 * creates the accounts (migrating each database first), funds them from the OPENING account with one
 * journal each and, with --demo-pin or SY_DEMO_PIN, sets that PIN on accounts without one. The PIN is only
 * ever written as its verifier, made with the bank's PIN verification key (its setup PIN pepper). Idempotent.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { createPinHasher } from '@switchyard/bank';
import { loadNetwork } from '@switchyard/infra';
import { DEMO_CUSTOMERS_FILE, type DemoCustomer } from '../demo/demoCustomers.ts';
import { seedBanks } from '../demo/seedBanks.ts';
import { LOCAL_SETTINGS_HELP, localSettings, toolSettings } from '../config.ts';
import { loadServiceSecrets } from '../network/secrets.ts';

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const values = new Command('seed')
  .description(
    'Seed the banks of the local network with their customers: accounts, opening balances and, with a demo ' +
      'PIN, a PIN on accounts without one (stored as a verifier only). Idempotent.',
  )
  .option('--customers <file>', 'the customers file', DEMO_CUSTOMERS_FILE)
  .option('--bank <participant>', 'only this bank (repeatable; default: every bank)', collect, [])
  .option('--demo-pin <pin>', 'the PIN to set (default: SY_DEMO_PIN; none when neither is given)')
  .addHelpText('after', LOCAL_SETTINGS_HELP)
  .parse()
  .opts<{ customers: string; bank: string[]; demoPin?: string }>();

const settings = localSettings();
const tool = toolSettings();
const demoPin = values.demoPin ?? tool.demoPin;
const customers = (JSON.parse(readFileSync(values.customers, 'utf8')) as { customers: DemoCustomer[] })
  .customers;
/** Each bank's own PIN pepper (its keys folder), unless SY_PIN_PEPPER names one for all. */
const pinHasherFor = (bank: string) =>
  createPinHasher({
    pvk: Buffer.from(tool.pinPepper ?? loadServiceSecrets(settings.keysDir, bank).pinPepper ?? ''),
  });
const seeded = await seedBanks({
  network: loadNetwork(settings.networkFile),
  postgresUrl: settings.postgresUrl,
  customers,
  banks: values.bank.length > 0 ? values.bank : undefined,
  demoPin,
  pinHasherFor: demoPin === undefined ? undefined : pinHasherFor,
}).catch((error: unknown) => {
  console.error(`seed: ${(error as Error).message}`);
  process.exit(1);
});
for (const { bank, result } of seeded) {
  console.log(
    `seed ${bank.id}: ${result.customers} customers, ${result.accountsCreated} created, ` +
      `${result.accountsFunded} funded, ${result.pinsSet} PINs set${demoPin === undefined ? ' (no demo PIN given)' : ''}`,
  );
}
