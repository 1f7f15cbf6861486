/**
 * A short chaos run in CI (the code of `make chaos`, tools/src/chaos): an isolated network under steady
 * load while every service is killed with SIGKILL and restarted, RabbitMQ and Postgres are restarted,
 * messages are duplicated, a bank goes silent past its timers, a crash rule fires and poison is published;
 * then every invariant must hold. It counts outcomes: how many payments succeed depends on how fast the
 * box restarts what was killed, so no share of successes is expected. It restarts the shared RabbitMQ and
 * Postgres: run it alone.
 */
import { expect } from 'chai';
import { testSettings } from '@switchyard/infra/testing';
import { chaosLines, runChaos } from '@switchyard/tools';

describe('e2e: chaos — kill -9, broker and Postgres restarts, duplicates, a silent bank, poison', function () {
  this.timeout(600_000);

  it('keeps every invariant through a short chaos run', async () => {
    const settings = testSettings();
    const report = await runChaos({
      postgresUrl: settings.postgresUrl,
      amqpUrl: settings.amqpUrl,
      managementUrl: settings.managementUrl,
      minutes: 0.75,
      settleMs: 180_000,
      keepFiles: settings.keepLogs,
      print: (line) => console.log(`      ${line}`),
    });
    for (const line of chaosLines(report)) console.log(`      ${line}`);
    expect(report.verdicts.filter((v) => !v.ok)).to.deep.equal([]);
    expect(report.payments, 'payments accepted under chaos').to.be.greaterThan(0);
    expect(report.fired.duplicate ?? 0, 'duplicates delivered').to.be.greaterThan(0);
    expect(
      report.events.filter((e) => e.includes('kill -9')),
      'every service killed',
    ).to.have.length(5);
  });
});
