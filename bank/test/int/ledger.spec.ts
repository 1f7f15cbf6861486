/** The ledger's own defences (append-only, balanced journals, non-negative customers) and checkLedger's eyes. */
import { expect } from 'chai';
import { sql } from 'slonik';
import { checkLedger } from '../../src/db/checkLedger.ts';
import { postJournal } from '../../src/db/ledgerDb.ts';
import { customer, requests, startBankHarness, type BankHarness } from './support/bankHarness.ts';

describe('bank: ledger integrity (int)', () => {
  let bank: BankHarness;
  const asha = customer(1);
  const meera = customer(2);

  before(async () => {
    bank = await startBankHarness([asha, meera]);
    const build = requests(bank);
    await bank.ask(build.debit({ acNum: asha.acNum, amountMinor: 500 }), 'upi.RespPay.DEBIT.v1');
    await bank.ask(build.credit({ acNum: meera.acNum, amountMinor: 500 }), 'upi.RespPay.CREDIT.v1');
  });
  after(async () => {
    await bank.close();
  });

  const refused = async (statement: ReturnType<typeof sql.unsafe>): Promise<string> => {
    try {
      await bank.db.transaction(async (tx) => {
        await tx.query(statement);
      });
    } catch (error) {
      return String((error as Error).message) + String((error as { cause?: Error }).cause?.message ?? '');
    }
    throw new Error('the statement was not refused');
  };

  it('refuses UPDATE, DELETE and TRUNCATE on entries and journals', async () => {
    expect(await refused(sql.unsafe`UPDATE entries SET amount_minor = amount_minor + 1`)).to.match(
      /append-only/,
    );
    expect(await refused(sql.unsafe`DELETE FROM entries`)).to.match(/append-only/);
    expect(await refused(sql.unsafe`UPDATE journals SET rrn = '000000000000'`)).to.match(/append-only/);
    expect(await refused(sql.unsafe`DELETE FROM journals`)).to.match(/append-only/);
    expect(await refused(sql.unsafe`TRUNCATE entries, journals, legs`)).to.match(/append-only/);
  });

  it('refuses, at commit, a journal whose entries do not sum to zero', async () => {
    const message = await refused(sql.unsafe`
      WITH j AS (INSERT INTO journals (txn_id, leg, created_at) VALUES ('HANDMADE1', 'CREDIT', now()) RETURNING id)
      INSERT INTO entries (journal_id, account_id, amount_minor, created_at)
      SELECT j.id, a.id, 100, now() FROM j, accounts a WHERE a.ac_num = ${asha.acNum}`);
    expect(message).to.match(/does not balance/);
  });

  it('refuses a negative customer balance even if a bug bypassed the conditional update', async () => {
    expect(
      await refused(sql.unsafe`UPDATE accounts SET balance_minor = -1 WHERE ac_num = ${asha.acNum}`),
    ).to.match(/balance_non_negative/);
  });

  it('passes on an honest ledger', async () => {
    const check = await checkLedger(bank.db.pool);
    expect(check.ok).to.equal(true);
    expect(check.totals.journals).to.equal(4); // 2 openings, 1 debit, 1 credit
    expect(check.totals.settlementBalanceMinor).to.equal(0); // +500 debit, −500 credit
  });

  it('detects a hand-edited balance and a hand-made unbalanced journal (triggers bypassed)', async () => {
    await bank.db.pool.query(
      sql.unsafe`UPDATE accounts SET balance_minor = balance_minor + 1 WHERE ac_num = ${meera.acNum}`,
    );
    await bank.db.transaction(async (tx) => {
      // As a superuser with triggers off: what a bug in a migration or a manual fix could do.
      await tx.query(sql.unsafe`SET LOCAL session_replication_role = replica`);
      await tx.query(sql.unsafe`
        WITH j AS (INSERT INTO journals (txn_id, leg, created_at) VALUES ('HANDMADE2', 'CREDIT', now()) RETURNING id)
        INSERT INTO entries (journal_id, account_id, amount_minor, created_at)
        SELECT j.id, a.id, 250, now() FROM j, accounts a WHERE a.kind = 'UPI_SETTLEMENT'`);
    });
    const check = await checkLedger(bank.db.pool);
    expect(check.ok).to.equal(false);
    const kinds = check.breaches.map((b) => b.kind).sort();
    expect(kinds).to.deep.equal(['BALANCE_MISMATCH', 'JOURNAL_UNBALANCED']);
    const meeraBreach = check.breaches.find((b) => b.kind === 'BALANCE_MISMATCH' && b.acNum === meera.acNum);
    expect(meeraBreach).to.include({
      accountKind: 'CUSTOMER',
      balanceMinor: 5_000_501,
      entriesMinor: 5_000_500,
    });
    // UPI_SETTLEMENT has no cached balance to disagree with: the unbalanced journal is what gives it away,
    // and the totals (sums of entries) show the 250 that appeared from nowhere.
    expect(check.totals.settlementBalanceMinor).to.equal(250);
    expect(check.breaches.find((b) => b.kind === 'JOURNAL_UNBALANCED')).to.include({
      txnId: 'HANDMADE2',
      sumMinor: 250,
      entries: 1,
    });
  });
});

describe('bank: postJournal, one statement (int)', () => {
  let bank: BankHarness;
  const meera = customer(2);

  before(async () => {
    bank = await startBankHarness([meera]);
  });
  after(async () => {
    await bank.close();
  });

  it('postJournal: one journal per (txn id, leg) — a second posting moves nothing — and a move that would take a customer below zero rolls everything back', async () => {
    const balanceOf = async (acNum: string) =>
      (await bank.db.pool.oneFirst(
        sql.unsafe`SELECT balance_minor FROM accounts WHERE ac_num = ${acNum}`,
      )) as number;
    const accountId = (await bank.db.pool.oneFirst(
      sql.unsafe`SELECT id FROM accounts WHERE ac_num = ${meera.acNum}`,
    )) as number;
    const before = await balanceOf(meera.acNum);
    const post = (txnId: string, amountMinor: number) =>
      bank.db.transaction((tx) =>
        postJournal(tx, {
          txnId,
          leg: 'CREDIT',
          rrn: null,
          now: new Date(),
          movements: [
            { accountId, amountMinor },
            { internal: 'UPI_SETTLEMENT', amountMinor: -amountMinor },
          ],
        }),
      );
    expect(await post('POSTJOURNAL1', 700)).to.be.a('number');
    expect(await post('POSTJOURNAL1', 700), 'the same (txn id, leg) again').to.equal(undefined);
    expect(await balanceOf(meera.acNum)).to.equal(before + 700);
    let error: unknown;
    await post('POSTJOURNAL2', -(before + 701)).catch((e: unknown) => (error = e));
    expect((error as { code?: string }).code).to.equal('BANK_ERR_LEDGER');
    expect(await balanceOf(meera.acNum)).to.equal(before + 700);
    const journals = await bank.db.pool.oneFirst(
      sql.unsafe`SELECT count(*)::int FROM journals WHERE txn_id = 'POSTJOURNAL2'`,
    );
    expect(journals, 'the refused journal was rolled back').to.equal(0);
    const check = await checkLedger(bank.db.pool);
    expect(check.ok).to.equal(true);
  });
});
