import { expect } from 'chai';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'slonik';
import { preparedStatements } from '../../src/postgres/db.ts';
import { createTestDatabase } from '../../src/testing/testDatabase.ts';

describe('infra: test databases and the Db handle', () => {
  it('clones a migrated template, parses int8 safely and fires onCommit after commit only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sy-mig-'));
    await writeFile(
      join(dir, '001_t.sql'),
      'CREATE TABLE t (id bigint PRIMARY KEY, at timestamptz NOT NULL DEFAULT now());',
    );
    const test = await createTestDatabase([{ name: 'tmp', dir }]);
    try {
      let commits = 0;
      let told: unknown;
      test.db.onCommit((committed) => {
        commits += 1;
        told = committed;
      });
      let ran: unknown;
      await test.db.transaction(async (tx) => {
        ran = tx;
        await tx.query(sql.unsafe`INSERT INTO t (id) VALUES (9007199254740991)`);
      });
      expect(commits).to.equal(1);
      expect(told, 'the listener is told which transaction committed').to.equal(ran);
      // A statement Postgres refused aborts the transaction even when fn catches it and goes on: COMMIT
      // then rolls back. transaction() says so (and tells no listener); slonik's own NotFoundError does not.
      let rolledBack: unknown;
      await test.db
        .transaction(async (tx) => {
          await tx.query(sql.unsafe`INSERT INTO t (id) VALUES (42)`);
          await tx.query(sql.unsafe`INSERT INTO t (id) VALUES (42)`).catch(() => undefined);
        })
        .catch((error: unknown) => (rolledBack = error));
      expect((rolledBack as Error)?.name).to.equal('TransactionRolledBackError');
      expect(commits).to.equal(1);
      expect(await test.db.pool.exists(sql.unsafe`SELECT 1 FROM t WHERE id = 42`)).to.equal(false);
      await test.db.transaction(async (tx) => {
        await tx.one(sql.unsafe`SELECT id FROM t WHERE id = -1`).catch(() => undefined);
        await tx.query(sql.unsafe`INSERT INTO t (id) VALUES (43)`);
      });
      expect(commits).to.equal(2);
      expect(await test.db.pool.exists(sql.unsafe`SELECT 1 FROM t WHERE id = 43`)).to.equal(true);
      await test.db
        .transaction(async (tx) => {
          await tx.query(sql.unsafe`INSERT INTO t (id) VALUES (1)`);
          throw new Error('roll back');
        })
        .catch(() => undefined);
      expect(commits).to.equal(2);
      const row = (await test.db.pool.one(sql.unsafe`SELECT id, at FROM t WHERE id = 9007199254740991`)) as {
        id: number;
        at: Date;
      };
      expect(row.id).to.equal(Number.MAX_SAFE_INTEGER);
      expect(row.at).to.be.instanceOf(Date);
      await test.db.pool.query(sql.unsafe`INSERT INTO t (id) VALUES (9007199254740993)`);
      let error: unknown;
      try {
        await test.db.pool.one(sql.unsafe`SELECT id FROM t WHERE id = 9007199254740993`);
      } catch (e) {
        error = e;
      }
      expect(String(error)).to.match(/MAX_SAFE_INTEGER/);
    } finally {
      await test.drop();
    }
  });

  it('runs every statement as a named prepared statement: parsed once per connection, then bound and run', async () => {
    const test = await createTestDatabase([]);
    try {
      await test.db.pool.connect(async (connection) => {
        for (const value of [1, 2, 3]) {
          const got = await connection.oneFirst(sql.unsafe`SELECT ${value}::int + 1 AS n`);
          expect(got).to.equal(value + 1);
        }
        const prepared = await connection.any(
          sql.unsafe`SELECT name, statement, generic_plans + custom_plans AS runs FROM pg_prepared_statements
                     WHERE statement LIKE '%::int + 1 AS n'`,
        );
        const rows = prepared as Array<{ name: string; runs: number }>;
        expect(rows.map((row) => [row.name.slice(0, 3), row.runs])).to.deep.equal([['sy_', 3]]);
      });
    } finally {
      await test.drop();
    }
  });

  it('names at most the cap of distinct texts; beyond it statements run unnamed', () => {
    const interceptor = preparedStatements(2);
    const transform = interceptor.transformQuery!;
    const query = (text: string) => ({ sql: text, values: [] as never[] });
    const name = (text: string) => (transform({} as never, query(text)) as { name?: string }).name;
    const first = name('SELECT 1');
    expect(first).to.match(/^sy_[0-9a-f]{16}$/);
    expect(name('SELECT 1'), 'the same text, the same name').to.equal(first);
    expect(name('SELECT 2')).to.match(/^sy_/);
    expect(name('SELECT 3'), 'over the cap').to.equal(undefined);
  });
});
