/**
 * seedBank against a real database: the demo customers of one bank, funded from OPENING, idempotently.
 * test/fixtures/customers.json is a copy of the network's demo customers (tools/src/demo/customers.json).
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { outboxMigrations } from '@switchyard/outbox';
import { createTestDatabase, type TestDatabase } from '@switchyard/infra/testing';
import { sql } from 'slonik';
import { bankMigrations, checkLedger, seedBank, type SeedCustomer } from '../../src/index.ts';
import { createPinHasher } from '../../src/hsm/pinHasher.ts';

const demo = (
  JSON.parse(readFileSync(new URL('../fixtures/customers.json', import.meta.url), 'utf8')) as {
    customers: SeedCustomer[];
  }
).customers;

describe('bank: seedBank (int)', () => {
  let database: TestDatabase;
  const pinHasher = createPinHasher({ pvk: randomBytes(32) });

  before(async () => {
    database = await createTestDatabase([outboxMigrations, bankMigrations]);
  });
  after(async () => {
    await database.drop();
  });

  it("seeds only this bank's demo customers, funds them from OPENING, and sets the demo PIN as a verifier", async () => {
    const mine = demo.filter((c) => c.bank === 'bank.lotus');
    const result = await seedBank(database.db, {
      participant: 'bank.lotus',
      ifscPrefix: 'LOTS',
      customers: demo,
      pinHasher,
      demoPin: '1234',
    });
    expect(result).to.deep.equal({
      accountsCreated: mine.length,
      accountsFunded: mine.length,
      pinsSet: mine.length,
      customers: mine.length,
    });
    const rows = (await database.db.pool.any(sql.unsafe`
      SELECT ac_num, ifsc, status, balance_minor, pin_verifier FROM accounts WHERE kind = 'CUSTOMER' ORDER BY ac_num`)) as ReadonlyArray<{
      ac_num: string;
      ifsc: string;
      status: string;
      balance_minor: number;
      pin_verifier: string;
    }>;
    expect(rows.map((r) => [r.ac_num, r.status, r.balance_minor])).to.deep.equal(
      mine
        .map((c) => [c.acNum, c.status, c.balanceMinor])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    for (const row of rows) {
      const subject = { use: 'PIN', ifsc: row.ifsc, acNum: row.ac_num } as const;
      expect(pinHasher.verify(subject, '1234', row.pin_verifier)).to.deep.equal({ correct: true });
    }
    const check = await checkLedger(database.db.pool);
    expect(check.ok).to.equal(true);
    expect(check.totals.openingBalanceMinor).to.equal(-mine.reduce((sum, c) => sum + c.balanceMinor, 0));
  });

  it('is idempotent: a second run creates, funds and re-PINs nothing', async () => {
    const before = await checkLedger(database.db.pool);
    const again = await seedBank(database.db, {
      participant: 'bank.lotus',
      ifscPrefix: 'LOTS',
      customers: demo,
      pinHasher,
      demoPin: '9999',
    });
    expect(again).to.include({ accountsCreated: 0, accountsFunded: 0, pinsSet: 0 });
    expect((await checkLedger(database.db.pool)).totals).to.deep.equal(before.totals);
  });

  it('refuses a customer whose IFSC belongs to another bank', async () => {
    const stray = { ...demo[0], bank: 'bank.lotus', ifsc: 'BNYN0000001', acNum: '100000000099' };
    try {
      await seedBank(database.db, { participant: 'bank.lotus', ifscPrefix: 'LOTS', customers: [stray] });
      expect.fail('seeded a foreign IFSC');
    } catch (error) {
      expect(error).to.have.property('code', 'BANK_ERR_SEED');
    }
  });
});
