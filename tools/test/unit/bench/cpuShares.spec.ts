import { expect } from 'chai';
import { cpuShares, ticksBetween, type CpuReading } from '../../../src/bench/cpuShares.ts';

const p = (pid: number, ticks: number, startTime = 1) => ({ pid, ticks, startTime });

describe('tools: bench CPU shares', () => {
  it('counts a process from zero when it is new or its pid was reused, and nothing once it is gone', () => {
    expect(ticksBetween([p(1, 100)], [p(1, 130)])).to.equal(30);
    expect(ticksBetween([], [p(2, 40)]), 'new').to.equal(40);
    expect(ticksBetween([p(3, 500, 7)], [p(3, 20, 9)]), 'reused pid').to.equal(20);
    expect(ticksBetween([p(4, 100)], []), 'gone').to.equal(0);
  });

  it('turns ticks into ms per component, shares that sum to 1 and CPU per payment', () => {
    const before: CpuReading = new Map([
      ['rabbitmq', [p(10, 1_000)]],
      ['postgres', [p(20, 100), p(21, 50)]],
      ['switch', [p(30, 0)]],
    ]);
    const after: CpuReading = new Map([
      ['rabbitmq', [p(10, 1_300)]],
      ['postgres', [p(20, 200), p(21, 50), p(22, 100)]],
      ['switch', [p(30, 150)]],
    ]);
    const shares = cpuShares(before, after, 100, 50, { load_generator: 500 });
    expect(shares.byComponentMs).to.deep.equal({
      rabbitmq: 3_000,
      postgres: 2_000,
      switch: 1_500,
      load_generator: 500,
    });
    expect(shares.totalMs).to.equal(7_000);
    expect(shares.msPerPayment).to.equal(140);
    expect(shares.share.rabbitmq).to.equal(0.429);
    const total = Object.values(shares.share).reduce((a, b) => a + b, 0);
    expect(total).to.be.closeTo(1, 0.002);
    expect(cpuShares(before, after, 100, 0).msPerPayment).to.equal(null);
  });
});
