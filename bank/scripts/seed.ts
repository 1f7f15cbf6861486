/**
 * `node bank/scripts/seed.ts [--customers infra/demo/customers.json] [--demo-pin 1234]` — seeds THIS bank
 * (SY_PARTICIPANT, default bank.lotus; the rest of the configuration as for main.ts) with the customers of
 * the file whose "bank" is this participant: creates the accounts (migrating the database first), funds
 * them from the OPENING account with one journal each and, with --demo-pin or SY_DEMO_PIN, sets that PIN
 * on accounts without one. The PIN is only ever written as its scrypt verifier. Idempotent.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createDb, migrate } from '@switchyard/infra';
import { outboxMigrations } from '@switchyard/outbox';
import { loadConfig } from '../src/config.ts';
import { bankMigrations } from '../src/db/bankMigrations.ts';
import { seedBank, type SeedCustomer } from '../src/db/seedBank.ts';
import { createPinHasher } from '../src/hsm/pinHasher.ts';

const config = loadConfig();
const { values } = parseArgs({
  options: {
    customers: {
      type: 'string',
      default: new URL('../../infra/demo/customers.json', import.meta.url).pathname,
    },
    'demo-pin': { type: 'string' },
  },
  strict: true,
});
const demoPin = values['demo-pin'] ?? config.demoPin;
const customers = (JSON.parse(readFileSync(values.customers, 'utf8')) as { customers: SeedCustomer[] })
  .customers;

await migrate(config.databaseUrl, [outboxMigrations, bankMigrations]);
const db = await createDb(config.databaseUrl, { poolSizeMax: 2 });
try {
  const result = await seedBank(db, {
    participant: config.participant,
    ifscPrefix: config.ifscPrefix,
    customers,
    pinHasher: createPinHasher({ pepper: config.pinPepper, scryptN: config.pinScryptN }),
    demoPin,
  });
  console.log(
    `seed ${config.participant}: ${result.customers} customers, ${result.accountsCreated} created, ` +
      `${result.accountsFunded} funded, ${result.pinsSet} PINs set${demoPin === undefined ? ' (no demo PIN given)' : ''}`,
  );
} finally {
  await db.end();
}
