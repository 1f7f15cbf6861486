/**
 * Autovacuum and the outbox's churn tables (vacuumCheck.ts): a service says at start, once, which of
 * outbox, inbox and deadlines autovacuum will not clean — here a table whose own setting turns it off,
 * since turning the server's off would touch every other database on it. The server-wide case is the
 * same query's other branch; make bootstrap turns autovacuum on, which the first test relies on.
 */
import { expect } from 'chai';
import { sql } from 'slonik';
import { createOpener, createSealer } from '@switchyard/contracts';
import type { Log } from '@switchyard/infra';
import { testSettings } from '@switchyard/infra/testing';
import { churnTablesWithoutAutovacuum, startMessaging } from '../../src/index.ts';
import { createWorld, RECIPIENT, SENDER, type World } from '../support/world.ts';
import { capturingLog, type LogLine } from '../support/capturingLog.ts';

describe('outbox: autovacuum on the churn tables', function () {
  this.timeout(30_000);
  let world: World;

  beforeEach(async () => {
    world = await createWorld();
  });
  afterEach(async () => world?.drop());

  const startWith = async (log: Log) =>
    startMessaging({
      prefix: world.prefix,
      amqpUrl: testSettings().amqpUrl,
      participants: [SENDER, RECIPIENT],
      participant: RECIPIENT,
      db: world.db,
      log,
      sealer: createSealer(world.keys.own(RECIPIENT), world.keys.directory),
      opener: createOpener(world.keys.own(RECIPIENT), world.keys.directory),
      handlers: world.handlers(),
    });
  const warningsIn = (lines: LogLine[]) => lines.filter((line) => line.code === 'OUTBOX_WARN_AUTOVACUUM_OFF');

  it('names no table when autovacuum runs (make bootstrap turns it on), and the start says nothing', async () => {
    expect(await churnTablesWithoutAutovacuum(world.db)).to.deep.equal([]);
    const captured = capturingLog('vacuum-check-test');
    const messaging = await startWith(captured.log);
    await messaging.stop();
    expect(warningsIn(captured.lines)).to.deep.equal([]);
  });

  it('names a table autovacuum will not clean, and the start warns once, naming it', async () => {
    await world.db.pool.query(sql.unsafe`ALTER TABLE inbox SET (autovacuum_enabled = false)`);
    await world.db.pool.query(sql.unsafe`ALTER TABLE deadlines SET (autovacuum_enabled = off)`);
    expect(await churnTablesWithoutAutovacuum(world.db)).to.deep.equal(['inbox', 'deadlines']);

    const captured = capturingLog('vacuum-check-test');
    const messaging = await startWith(captured.log);
    await messaging.stop();
    const warnings = warningsIn(captured.lines);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include({ level: 40, participant: RECIPIENT });
    expect(warnings[0].tables).to.deep.equal(['inbox', 'deadlines']);
    expect(warnings[0].msg).to.match(/^autovacuum does not clean inbox, deadlines: .*turn autovacuum on/);

    await world.db.pool.query(sql.unsafe`ALTER TABLE inbox RESET (autovacuum_enabled)`);
    await world.db.pool.query(sql.unsafe`ALTER TABLE deadlines SET (autovacuum_enabled = true)`);
    expect(await churnTablesWithoutAutovacuum(world.db)).to.deep.equal([]);
  });
});
