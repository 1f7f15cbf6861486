import { expect } from 'chai';
import { intervalStats, parsePrometheus, quantileBetween } from '../../src/watch/liveStats.ts';

const scrape = (success: number, z9: number, ut: number, buckets: [string, number][]) =>
  parsePrometheus(
    [
      '# HELP payments_total payments by outcome',
      `payments_total{status="SUCCESS",err_code="00",class="-"} ${success}`,
      `payments_total{status="FAILURE",err_code="U30",class="BD"} ${z9}`,
      `payments_total{status="FAILURE",err_code="U67",class="TD"} ${ut}`,
      ...buckets.map(([le, n]) => `payment_latency_seconds_bucket{le="${le}",status="SUCCESS"} ${n}`),
    ].join('\n'),
  );

describe('tools: live stats (make watch)', () => {
  it('parses Prometheus text with labels, comments and +Inf', () => {
    const samples = parsePrometheus('# TYPE x counter\nx{a="1",b="q\\"z"} 3\ny 4.5\nz{le="+Inf"} 7\n');
    expect(samples).to.deep.equal([
      { name: 'x', labels: { a: '1', b: 'q\\"z' }, value: 3 },
      { name: 'y', labels: {}, value: 4.5 },
      { name: 'z', labels: { le: '+Inf' }, value: 7 },
    ]);
  });

  it('computes rates, shares, top codes and interpolated percentiles between two scrapes', () => {
    const before = scrape(10, 2, 0, [
      ['0.1', 5],
      ['0.5', 10],
      ['1', 12],
      ['+Inf', 12],
    ]);
    const after = scrape(30, 6, 0 + 4, [
      ['0.1', 5],
      ['0.5', 25],
      ['1', 32],
      ['+Inf', 32],
    ]);
    const stats = intervalStats(before, after, 2);
    expect(stats.completedPerSecond).to.equal(14); // (20 + 4 + 4) / 2 s
    expect(stats.successShare).to.be.closeTo(20 / 28, 1e-9);
    expect(stats.businessShare).to.be.closeTo(4 / 28, 1e-9);
    expect(stats.technicalShare).to.be.closeTo(4 / 28, 1e-9);
    expect(stats.topCodes).to.deep.equal([
      ['U30', 4],
      ['U67', 4],
    ]);
    // 20 new observations: 15 in (0.1, 0.5], 5 in (0.5, 1]; the median (rank 10) is 2/3 into the first.
    expect(quantileBetween(before, after, 'payment_latency_seconds', 0.5)).to.be.closeTo(
      0.1 + 0.4 * (10 / 15),
      1e-9,
    );
    expect(stats.latencyMs.p99).to.equal(Math.round((0.5 + (0.5 * (19.8 - 15)) / 5) * 1000));
  });

  it('says nothing about an interval with no completions', () => {
    const same = scrape(10, 0, 0, [
      ['1', 10],
      ['+Inf', 10],
    ]);
    const stats = intervalStats(same, same, 1);
    expect([stats.completedPerSecond, stats.successShare, stats.latencyMs.p50]).to.deep.equal([
      0,
      undefined,
      undefined,
    ]);
  });
});
