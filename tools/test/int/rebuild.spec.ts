/**
 * `rebuild` as a command against a real switch database (moved here from switch/test/int with the command,
 * which was switch/scripts/rebuild.ts): the JSON report, exit 0 when every payment matches its event log,
 * 1 on a mismatch. rebuildAll itself is tested in switch/test/int.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { sql } from 'slonik';
import { createTestDatabase, type TestDatabase } from '@switchyard/infra/testing';
import { outboxMigrations } from '@switchyard/outbox';
import { switchMigrations } from '@switchyard/switch';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const rebuild = (url: string): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(process.execPath, ['tools/src/cli/rebuild.ts', url], { cwd: root }, (error, stdout, stderr) =>
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
    );
  });

describe('tools: rebuild (int)', function () {
  this.timeout(30_000);
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase([outboxMigrations, switchMigrations]);
  });
  after(async () => {
    await database?.drop();
  });

  it('reports an empty event log as matching and exits 0', async () => {
    const ran = await rebuild(database.url);
    expect(ran.code, ran.stderr).to.equal(0);
    expect(JSON.parse(ran.stdout)).to.deep.equal({ checked: 0, mismatchCount: 0, mismatches: [] });
  });

  it('exits 1 when a payments row does not follow from its events', async () => {
    // A row with no events at all: nothing it says can be rebuilt.
    await database.db.pool.query(sql.unsafe`
      INSERT INTO payments (txn_id, status, version, payer_psp, amount_minor, data, received_at, updated_at)
      VALUES ('ZAPREBUILDCLI00000000000000000000001', 'AUTH_PENDING', 1, 'psp.zap', 100, '{}', now(), now())`);
    const ran = await rebuild(database.url);
    expect(ran.code, ran.stderr).to.equal(1);
    const report = JSON.parse(ran.stdout) as { checked: number; mismatchCount: number };
    expect(report.checked).to.equal(1);
    expect(report.mismatchCount).to.be.greaterThan(0);
  });
});
