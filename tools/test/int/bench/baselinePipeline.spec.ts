/**
 * The bare pipeline the bench compares the project with, counted by the bench's own probes: each payment
 * is 7 Postgres transactions (34 statements) and 6 quorum-queue messages, whatever the timing.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { testSettings } from '@switchyard/infra/testing';
import { startBaseline } from '../../../src/bench/baseline/baselinePipeline.ts';
import type { BenchTarget } from '../../../src/bench/benchTarget.ts';
import { brokerProbe } from '../../../src/bench/brokerCounters.ts';
import { measureStep, type Probes } from '../../../src/bench/measureStep.ts';
import { openPgProbe } from '../../../src/bench/pgCounters.ts';
import { clockTicksPerSecond } from '../../../src/bench/processCpu.ts';

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('tools: bench baseline pipeline (int)', function () {
  this.timeout(240_000);
  const settings = testSettings();
  let target: BenchTarget | undefined;
  let probes: Probes | undefined;

  before(async () => {
    target = await startBaseline({
      postgresUrl: settings.postgresUrl,
      amqpUrl: settings.amqpUrl,
      run: randomBytes(3).toString('hex'),
      httpPort: await freePort(),
      logsDir: join(tmpdir(), 'sy-bench-baseline'),
      poolSizeMax: 2,
      prefetch: 8,
    });
    probes = {
      pg: await openPgProbe(settings.postgresUrl, target.databases),
      broker: brokerProbe(settings.managementUrl, settings.amqpUrl, target.prefix),
      clockTicksPerSecond: clockTicksPerSecond(),
      stepDir: join(tmpdir(), 'sy-bench-baseline'),
    };
  });
  after(async () => {
    await probes?.pg.end();
    await target?.stop();
  });

  it('moves each payment with 7 transactions (34 statements) and 6 quorum-queue messages', async () => {
    const measured = await measureStep(target!, probes!, {
      label: 'count',
      ratePerS: 10,
      seconds: 2,
      drainSecondsMax: 120,
      connectionsMax: 8,
      // Counting, not timing: any latency passes.
      criteria: { p99TargetMs: 600_000, lossShareMax: 0 },
      full: true,
      transactions: true,
      profile: false,
    });
    expect(measured.summary).to.include({ sent: 20, accepted: 20, succeeded: 20, unfinished: 0 });
    expect(measured.payments).to.equal(20);
    expect(measured.pg).to.include({ commitsPerPayment: 7, statementsPerPayment: 34, rollbacks: 0 });
    // Every committed transaction in the databases: the pipeline's 7, plus what autovacuum commits there
    // (ANALYZE of the fresh tables); the pipeline itself runs nothing in the background.
    expect(measured.pg.xactCommitsPerPayment).to.be.at.least(7);
    expect(measured.pg.idleXactCommitsPerS).to.equal(0);
    expect(measured.broker).to.deep.include({ publishedPerPayment: 6, deliveredPerPayment: 6 });
    expect(measured.broker!.byQueue).to.deep.equal({
      psp: { published: 20, delivered: 20 },
      switch: { published: 60, delivered: 60 },
      bank: { published: 40, delivered: 40 },
    });
    expect(Object.keys(measured.cpu.byComponentMs)).to.have.members([
      'rabbitmq',
      'postgres',
      'baseline.psp',
      'baseline.switch',
      'baseline.bank',
      'load_generator',
    ]);
  });
});
