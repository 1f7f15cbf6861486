import { expect } from 'chai';
import {
  initialAdmissionLimit,
  latencyQuantileMs,
  nextAdmissionLimit,
  type AdmissionLimitRules,
} from '../../src/domain/admissionLimit.ts';

const rules: AdmissionLimitRules = { latencyTargetMs: 250, inFlightMin: 32, inFlightMax: 200 };
/** `n` latencies of `ms`, the last one `slowestMs`. */
const latencies = (n: number, ms: number, slowestMs = ms): number[] => [
  ...Array.from({ length: n - 1 }, () => ms),
  slowestMs,
];

describe('psp domain: the adaptive admission limit', () => {
  it('starts at the ceiling (the fixed limit of old)', () => {
    expect(initialAdmissionLimit(rules)).to.equal(200);
  });

  it('takes the window p99 by nearest rank', () => {
    expect(latencyQuantileMs([], 0.99)).to.equal(null);
    expect(latencyQuantileMs([300, 10, 20], 0.99)).to.equal(300);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect(latencyQuantileMs(hundred.reverse(), 0.99)).to.equal(99);
  });

  it('decreases by the overshoot (× target / p99, between 0.5 and 0.9) when the window p99 is over the target, reached or not', () => {
    expect(
      nextAdmissionLimit(200, { latenciesMs: latencies(20, 50, 400), inFlightPeak: 5 }, rules),
    ).to.deep.equal({ limit: 125, p99Ms: 400, change: 'decrease' });
    // far over: halved at most
    expect(nextAdmissionLimit(100, { latenciesMs: latencies(20, 900), inFlightPeak: 100 }, rules)).to.include(
      {
        limit: 50,
        change: 'decrease',
      },
    );
    // just over: × 0.9 at least
    expect(nextAdmissionLimit(100, { latenciesMs: latencies(20, 260), inFlightPeak: 100 }, rules)).to.include(
      {
        limit: 90,
        change: 'decrease',
      },
    );
    // exactly at the target is not over it
    expect(nextAdmissionLimit(100, { latenciesMs: latencies(20, 250), inFlightPeak: 10 }, rules)).to.include({
      limit: 100,
      change: 'hold',
    });
  });

  it('a p99 over 100 samples ignores the single slowest payment', () => {
    expect(
      nextAdmissionLimit(100, { latenciesMs: latencies(200, 60, 5_000), inFlightPeak: 10 }, rules).limit,
    ).to.equal(100);
    expect(
      nextAdmissionLimit(100, { latenciesMs: latencies(50, 60, 5_000), inFlightPeak: 10 }, rules).limit,
    ).to.equal(50);
  });

  it('increases by one under the target only when the limit was reached (in flight within 90 % of it)', () => {
    const fast = latencies(20, 80);
    expect(nextAdmissionLimit(40, { latenciesMs: fast, inFlightPeak: 40 }, rules)).to.deep.equal({
      limit: 41,
      p99Ms: 80,
      change: 'increase',
    });
    expect(nextAdmissionLimit(40, { latenciesMs: fast, inFlightPeak: 36 }, rules).limit).to.equal(41);
    expect(nextAdmissionLimit(40, { latenciesMs: fast, inFlightPeak: 35 }, rules)).to.include({
      limit: 40,
      change: 'hold',
    });
    expect(nextAdmissionLimit(40, { latenciesMs: fast, inFlightPeak: 3 }, rules).limit).to.equal(40);
  });

  it('holds on an empty window', () => {
    expect(nextAdmissionLimit(77, { latenciesMs: [], inFlightPeak: 77 }, rules)).to.deep.equal({
      limit: 77,
      p99Ms: null,
      change: 'hold',
    });
  });

  it('clamps between the floor and the ceiling; the floor is at most the ceiling', () => {
    expect(nextAdmissionLimit(33, { latenciesMs: [2_000], inFlightPeak: 33 }, rules)).to.include({
      limit: 32,
      change: 'decrease',
    });
    expect(nextAdmissionLimit(32, { latenciesMs: [2_000], inFlightPeak: 32 }, rules)).to.include({
      limit: 32,
      change: 'hold',
    });
    expect(nextAdmissionLimit(200, { latenciesMs: [10], inFlightPeak: 200 }, rules)).to.include({
      limit: 200,
      change: 'hold',
    });
    // a limit from outside the bounds (settings changed) is brought inside them
    expect(nextAdmissionLimit(5, { latenciesMs: [10], inFlightPeak: 0 }, rules).limit).to.equal(32);
    expect(nextAdmissionLimit(500, { latenciesMs: [10], inFlightPeak: 0 }, rules).limit).to.equal(200);
    const small = { latencyTargetMs: 250, inFlightMin: 32, inFlightMax: 4 };
    expect(nextAdmissionLimit(4, { latenciesMs: [2_000], inFlightPeak: 4 }, small).limit).to.equal(4);
    // the decrease always takes at least one off a small limit
    const tiny = { latencyTargetMs: 250, inFlightMin: 1, inFlightMax: 200 };
    expect(nextAdmissionLimit(3, { latenciesMs: [2_000], inFlightPeak: 3 }, tiny).limit).to.equal(1);
    expect(nextAdmissionLimit(2, { latenciesMs: [260], inFlightPeak: 2 }, tiny).limit).to.equal(1);
    expect(nextAdmissionLimit(1, { latenciesMs: [2_000], inFlightPeak: 1 }, tiny).limit).to.equal(1);
  });

  it('is off with a target of 0: the ceiling, whatever the window', () => {
    const off = { ...rules, latencyTargetMs: 0 };
    expect(nextAdmissionLimit(50, { latenciesMs: [9_000], inFlightPeak: 50 }, off)).to.deep.equal({
      limit: 200,
      p99Ms: null,
      change: 'off',
    });
    expect(nextAdmissionLimit(200, { latenciesMs: [1], inFlightPeak: 200 }, off).limit).to.equal(200);
  });
});
