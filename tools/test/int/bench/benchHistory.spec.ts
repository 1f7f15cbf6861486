/**
 * `make bench --history`: the history the bench loads is made of rows exactly like the ones the switch
 * and the banks write — every copied payment rebuilds from its event log, the network's money invariant
 * holds across the switch and both ledgers, and the network goes on making payments on top of it. And
 * the relays report the outbox lag (insert → confirm) the bench reads, for every row they publish.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { createDb } from '@switchyard/infra';
import { testSettings } from '@switchyard/infra/testing';
import { rebuildAll } from '@switchyard/switch';
import type { PlannedStep } from '../../../src/bench/benchTarget.ts';
import { loadHistory } from '../../../src/bench/history/loadHistory.ts';
import { startProject, type ProjectTarget } from '../../../src/bench/projectTarget.ts';
import { checkInvariants } from '../../../src/check/checkInvariants.ts';
import { localSettings } from '../../../src/config.ts';
import { sendAtConstantRate } from '../../../src/load/sendAtConstantRate.ts';
import { parsePrometheus, sum } from '../../../src/watch/liveStats.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends `count` real payments and waits until each is final; returns their outcomes. */
const pay = async (target: ProjectTarget, count: number) => {
  const step: PlannedStep = await target.plan(count);
  const sent = await sendAtConstantRate(step.requests, { ratePerS: 4, connectionsMax: 8, timeoutMs: 30_000 });
  expect(sent.statusCounts).to.deep.equal({ '202': count });
  for (let waited = 0; waited < 120_000 && (await target.inFlight()) > 0; waited += 500) await sleep(500);
  const { outcomes } = await step.collect(step.requests.map((_, index) => index));
  return outcomes;
};

describe('tools: bench history (int)', function () {
  this.timeout(300_000);
  let target: ProjectTarget | undefined;

  before(async () => {
    const run = randomBytes(3).toString('hex');
    const test = testSettings();
    target = await startProject({
      settings: { ...localSettings(), postgresUrl: test.postgresUrl, amqpUrl: test.amqpUrl },
      portBase: 23_000 + (parseInt(run, 16) % 190) * 50,
      payerCount: 6,
      pin: '5791',
      keep: false,
      env: { SY_DB_POOL_SIZE_MAX: '3' },
    });
  });
  after(async () => {
    await target?.stop();
  });

  it('copies real payments into rows the switch rebuilds and the ledgers balance, and payments go on', async () => {
    const first = await pay(target!, 6);
    expect(first.map((o) => o.status)).to.deep.equal(Array(6).fill('SUCCESS'));

    await loadHistory(target!, { count: 300, days: 2, templatesMax: 4, chunkSize: 50, say: () => undefined });

    const switchDb = await createDb(target!.databaseUrlOf('switch'), { poolSizeMax: 1 });
    const rebuilt = await rebuildAll(switchDb.pool).finally(() => switchDb.end());
    expect(rebuilt.mismatches).to.deep.equal([]);
    expect(rebuilt.checked).to.equal(306);

    const after = await pay(target!, 4);
    expect(after.map((o) => o.status)).to.deep.equal(Array(4).fill('SUCCESS'));
    const invariants = await checkInvariants(target!.network, target!.databaseUrlOf);
    expect(invariants.breaches).to.deep.equal([]);
    expect(invariants.ok).to.equal(true);
    expect(invariants.payments).to.equal(310);
    expect(invariants.byStatus).to.deep.equal({ SUCCESS: 310 });
  });

  it('has every relay observe the outbox lag of each row it published', async () => {
    const samples = (
      await Promise.all(target!.metricsUrls.map(async (url) => (await fetch(url)).text()))
    ).flatMap(parsePrometheus);
    const confirmed = sum(samples, 'outbox_publish_total', (labels) => labels.result === 'confirmed');
    expect(confirmed).to.be.at.least(10 * 5); // the switch alone sends five messages per payment
    expect(sum(samples, 'outbox_lag_seconds_count')).to.equal(confirmed);
  });
});
