import { expect } from 'chai';
import { searchKnee, type KneeSearchOptions } from '../../../src/bench/kneeSearch.ts';
import { FULL_SETTINGS, QUICK_SETTINGS, stepSecondsFor } from '../../../src/bench/runBench.ts';

/**
 * A synthetic system: p99 grows like a queue's as the rate nears its capacity (M/M/1: service time /
 * (1 − utilisation)), so the highest rate under the target is known exactly.
 */
const queueLike = (capacity: number, serviceMs: number) => (rate: number) =>
  rate >= capacity ? Infinity : (serviceMs * 4.6) / (1 - rate / capacity);
const highestPassing = (p99: (rate: number) => number, targetMs: number, max: number): number => {
  let best = 0;
  for (let rate = 1; rate <= max; rate += 1) if (p99(rate) <= targetMs) best = rate;
  return best;
};

const OPTIONS: KneeSearchOptions = { startRate: 8, maxRate: 1_000, minRate: 1, growth: 1.5, resolution: 0.1 };

const run = async (p99: (rate: number) => number, options = OPTIONS) => {
  const probed: number[] = [];
  const result = await searchKnee(async (rate) => {
    probed.push(rate);
    return { pass: p99(rate) <= 250 };
  }, options);
  return { ...result, probed };
};

describe('tools: bench knee search', () => {
  for (const [capacity, serviceMs] of [
    [40, 20],
    [160, 8],
    [97, 30],
    [3, 40],
  ] as const) {
    it(`finds the knee of a queue of capacity ${capacity}/s within the resolution, from below`, async () => {
      const p99 = queueLike(capacity, serviceMs);
      const truth = highestPassing(p99, 250, 1_000);
      const { knee, firstFailure, probed } = await run(p99);
      expect(p99(knee), 'the knee passes').to.be.at.most(250);
      expect(knee).to.be.at.most(truth);
      expect(truth - knee).to.be.at.most(Math.max(1, Math.ceil(knee * 0.1)));
      expect(firstFailure).to.be.a('number');
      expect(p99(firstFailure!)).to.be.above(250);
      expect(new Set(probed).size, 'no rate is probed twice').to.equal(probed.length);
      expect(probed.every((rate) => Number.isInteger(rate) && rate >= 1)).to.equal(true);
    });
  }

  it('bisects down when the start rate already fails', async () => {
    const { knee, probed } = await run(queueLike(5, 20), { ...OPTIONS, startRate: 40 });
    expect(probed[0]).to.equal(40);
    expect(knee).to.equal(highestPassing(queueLike(5, 20), 250, 1_000));
  });

  it('reports 0 when even the lowest rate fails, and the maximum when every step passes', async () => {
    const none = await run(() => 1_000);
    expect(none.knee).to.equal(0);
    expect(none.firstFailure, 'the lowest rate tried').to.equal(1);
    const all = await run(() => 10, { ...OPTIONS, maxRate: 50 });
    expect(all.knee).to.equal(50);
    expect(all.firstFailure).to.equal(undefined);
    expect(Math.max(...all.probed)).to.equal(50);
  });

  it('refuses options that cannot bracket a knee', async () => {
    let error: unknown;
    await searchKnee(async () => ({ pass: true }), { ...OPTIONS, growth: 1 }).catch(
      (e: unknown) => (error = e),
    );
    expect(String(error)).to.match(/growth > 1/);
  });
});

describe('tools: bench step length', () => {
  it('runs a slow rate long enough to offer the minimum number of payments, a fast one its seconds', () => {
    expect(stepSecondsFor(8, 20, 500)).to.equal(63);
    expect(stepSecondsFor(25, 20, 500)).to.equal(20);
    expect(stepSecondsFor(41, 20, 500)).to.equal(20);
    expect(stepSecondsFor(3, 40, 500)).to.equal(167);
    expect(stepSecondsFor(8, 4, QUICK_SETTINGS.stepPaymentsMin)).to.equal(4);
    expect(FULL_SETTINGS.stepPaymentsMin).to.equal(500);
  });
});
