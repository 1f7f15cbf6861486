/**
 * Seeds the banks of a network with their customers through the bank's own `seedBank`: migrates each
 * bank's database (outbox tables, then the bank's), creates the accounts of the customers who bank there,
 * funds them from the OPENING account and optionally sets a demo PIN (only its verifier is written).
 * Idempotent. The one seeding of the demo, `seed`, the load preparation and the end-to-end tests.
 */
import {
  bankMigrations,
  seedBank,
  type PinHasher,
  type SeedCustomer,
  type SeedResult,
} from '@switchyard/bank';
import { createDb, databaseUrl, migrate, type BankEntry, type Network } from '@switchyard/infra';
import { outboxMigrations } from '@switchyard/outbox';

export type SeedBanksOptions = {
  network: Network;
  /** The Postgres server; each bank's database is the network file's name on it. */
  postgresUrl: string;
  customers: readonly SeedCustomer[];
  /** Only these banks (participant ids); default: every bank of the network. */
  banks?: readonly string[];
  /** With demoPin: the PIN set on seeded accounts that have none, and each bank's hasher (its own pepper). */
  demoPin?: string;
  pinHasherFor?: (bank: string) => PinHasher;
};

export type SeededBank = { bank: BankEntry; result: SeedResult };

/**
 * Seeds each bank in turn.
 * @throws Error for a bank id the network lacks; BankError BANK_ERR_SEED for a customer that does not fit
 */
export const seedBanks = async (options: SeedBanksOptions): Promise<SeededBank[]> => {
  const unknown = (options.banks ?? []).filter((id) => !options.network.banks.some((b) => b.id === id));
  if (unknown.length > 0) throw new Error(`not a bank of the network: ${unknown.join(', ')}`);
  const banks = options.network.banks.filter((b) => options.banks?.includes(b.id) ?? true);
  const seeded: SeededBank[] = [];
  for (const bank of banks) {
    const url = databaseUrl(options.postgresUrl, bank.database);
    await migrate(url, [outboxMigrations, bankMigrations]);
    const db = await createDb(url, { poolSizeMax: 2 });
    try {
      const result = await seedBank(db, {
        participant: bank.id,
        ifscPrefix: bank.ifscPrefix,
        customers: options.customers,
        demoPin: options.demoPin,
        pinHasher: options.pinHasherFor?.(bank.id),
      });
      seeded.push({ bank, result });
    } finally {
      await db.end();
    }
  }
  return seeded;
};
