import { expect } from 'chai';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'slonik';
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
});
