/**
 * `make check` on real databases: every uncertain payment is listed with its age and window, and one still
 * uncertain past its window (resolve_by) is a breach — the check fails.
 */
import { expect } from 'chai';
import { sql } from 'slonik';
import { bankMigrations } from '@switchyard/bank';
import { loadNetwork } from '@switchyard/infra';
import { createTestDatabase, type TestDatabase } from '@switchyard/infra/testing';
import { outboxMigrations } from '@switchyard/outbox';
import { switchMigrations } from '@switchyard/switch';
import { checkInvariants } from '../../src/check/checkInvariants.ts';

describe('tools: checkInvariants — uncertain payments and their window (int)', function () {
  this.timeout(60_000);
  const network = loadNetwork();
  let switchDb: TestDatabase;
  let bankDb: TestDatabase;
  const NOW = new Date('2026-03-02T12:00:00.000Z');

  before(async () => {
    switchDb = await createTestDatabase([outboxMigrations, switchMigrations]);
    bankDb = await createTestDatabase([outboxMigrations, bankMigrations]);
  });
  after(async () => {
    await switchDb?.drop();
    await bankDb?.drop();
  });

  const urlOf = (id: string): string => (id === network.switch.id ? switchDb.url : bankDb.url);

  const insertDeemed = async (txnId: string, receivedAt: string, resolveBy: string): Promise<void> => {
    await switchDb.db.pool.query(sql.unsafe`
      INSERT INTO payments (txn_id, status, version, payer_psp, amount_minor, data, received_at, updated_at,
        final_status, completed_at, resolve_by)
      VALUES (${txnId}, 'DEEMED', 1, 'psp.zap', 100, '{}', ${receivedAt}::timestamptz, ${receivedAt}::timestamptz,
        'DEEMED', ${receivedAt}::timestamptz, ${resolveBy}::timestamptz)`);
  };

  it('lists a DEEMED payment within its window with its age, and holds', async () => {
    await insertDeemed(
      'ZAPCHECKWITHIN00000000000000000000001',
      '2026-03-02T11:59:00.000Z',
      '2026-03-03T11:59:00.000Z',
    );
    const report = await checkInvariants(network, urlOf, () => NOW);
    expect(report.ok, report.breaches.join('\n')).to.equal(true);
    expect(report.uncertain).to.deep.equal([
      {
        txnId: 'ZAPCHECKWITHIN00000000000000000000001',
        status: 'DEEMED',
        ageMs: 60_000,
        resolveBy: new Date('2026-03-03T11:59:00.000Z'),
        overdue: false,
      },
    ]);
    expect(report.lines).to.include('uncertain: 1 being resolved, none past its window');
  });

  it('fails on a DEEMED payment older than its window, naming it and its age', async () => {
    await insertDeemed(
      'ZAPCHECKOVERDUE0000000000000000000001',
      '2026-03-01T10:00:00.000Z',
      '2026-03-02T10:00:00.000Z',
    );
    const report = await checkInvariants(network, urlOf, () => NOW);
    expect(report.ok).to.equal(false);
    expect(report.breaches).to.deep.equal([
      'ZAPCHECKOVERDUE0000000000000000000001 is DEEMED 93600 s after it started, past its window (resolve by 2026-03-02T10:00:00.000Z)',
    ]);
    expect(
      report.lines.some(
        (line) =>
          line.includes('ZAPCHECKOVERDUE0000000000000000000001 DEEMED age 93600 s') &&
          line.endsWith('OVERDUE'),
      ),
    ).to.equal(true);
  });
});
