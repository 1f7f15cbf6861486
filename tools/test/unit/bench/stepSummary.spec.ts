import { expect } from 'chai';
import { percentile, summariseStep, type SendResult } from '../../../src/bench/stepSummary.ts';

const send = (over: Partial<SendResult> = {}): SendResult => ({
  sent: 100,
  accepted: 100,
  rejected429: 0,
  rejected429WithRetryAfter: 0,
  errors: 0,
  sendSeconds: 10,
  ingressP99Ms: 5,
  loadGeneratorCpuMs: 40,
  lateMsP99: 1,
  ...over,
});
const ok = (latencyMs: number, finalAtMs = 1_000 + latencyMs) => ({
  status: 'SUCCESS',
  latencyMs,
  finalAtMs,
});

describe('tools: bench step summary', () => {
  it('takes nearest-rank percentiles, null when the rank falls on a payment that never finished', () => {
    const sorted = Array.from({ length: 99 }, (_, i) => i + 1);
    expect(percentile(sorted, 100, 0.5)).to.equal(50);
    expect(percentile(sorted, 100, 0.99)).to.equal(99);
    expect(percentile(sorted, 100, 1)).to.equal(null);
    expect(percentile([], 0, 0.99)).to.equal(0);
  });

  it('passes a step whose p99 is under the target with nothing lost', () => {
    const outcomes = Array.from({ length: 100 }, (_, i) => ok(i < 99 ? 100 : 400));
    const summary = summariseStep(10, send(), outcomes, { p99TargetMs: 250, lossShareMax: 0.01 }, 1_000);
    expect(summary).to.include({
      pass: true,
      succeeded: 100,
      failed: 0,
      unfinished: 0,
      p99Ms: 100,
      maxMs: 400,
    });
    expect(summary.successPct).to.equal(100);
    expect(summary.sentPerS).to.equal(10);
  });

  it('fails on p99, on 429s beyond 1 %, on lost payments and when the generator fell behind — saying why', () => {
    const slow = summariseStep(
      10,
      send(),
      Array.from({ length: 100 }, () => ok(300)),
    );
    expect(slow.pass).to.equal(false);
    expect(slow.why.join()).to.match(/p99 300 ms > 250 ms/);

    const refused = summariseStep(
      10,
      send({ accepted: 95, rejected429: 5, rejected429WithRetryAfter: 5 }),
      Array.from({ length: 95 }, () => ok(10)),
    );
    expect(refused.pass).to.equal(false);
    expect(refused.why.join()).to.match(/429 5/);
    expect(refused.successPct).to.equal(95);
    expect(refused.rejected429WithRetryAfter).to.equal(5);

    const lost = summariseStep(10, send(), [
      ...Array.from({ length: 98 }, () => ok(10)),
      { status: 'PENDING', latencyMs: undefined },
      { status: 'FAILURE', latencyMs: 20 },
    ]);
    expect(lost).to.include({ unfinished: 1, failed: 1, p99Ms: 20, maxMs: null, pass: false });
    expect(lost.why.join()).to.match(/failed 1, unfinished 1/);
    const stuck = summariseStep(10, send(), [
      ...Array.from({ length: 98 }, () => ok(10)),
      ...Array.from({ length: 2 }, () => ({ status: 'PENDING', latencyMs: undefined })),
    ]);
    expect(stuck.p99Ms, 'the 99th of 100 never finished').to.equal(null);
    expect(stuck.why.join()).to.match(/2 payment\(s\) not final/);

    const behind = summariseStep(
      10,
      send({ sendSeconds: 20 }),
      Array.from({ length: 100 }, () => ok(10)),
    );
    expect(behind.why.join()).to.match(/load generator sent 5\/s of 10\/s/);
  });
});
