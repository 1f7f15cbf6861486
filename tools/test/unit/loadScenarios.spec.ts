/**
 * The load scenarios as k6 and the local runner read them (k6/scenarios.json): k6 durations, arrival
 * schedules (constant and ramping), and k6 thresholds checked against a run's figures, plus the knee of a
 * ramp.
 */
import { expect } from 'chai';
import { readFaultRules } from '@switchyard/outbox';
import {
  checkThresholds,
  kneeOf,
  metricsOf,
  percentile,
  windowsOf,
  type IterationRecord,
} from '../../src/load/loadFigures.ts';
import {
  arrivalTimes,
  durationMs,
  loadScenarios,
  rateAt,
  scenarioMs,
  type Executor,
} from '../../src/load/scenarios.ts';

const constant: Executor = {
  executor: 'constant-arrival-rate',
  rate: 20,
  timeUnit: '1s',
  duration: '30s',
  preAllocatedVUs: 10,
  maxVUs: 10,
};
const ramp: Executor = {
  executor: 'ramping-arrival-rate',
  startRate: 0,
  timeUnit: '1s',
  stages: [
    { target: 10, duration: '10s' },
    { target: 10, duration: '5s' },
  ],
  preAllocatedVUs: 10,
  maxVUs: 10,
};

const done = (
  startedAtMs: number,
  e2eMs: number,
  status = 'SUCCESS',
  declineClass: 'TD' | 'BD' | null = null,
) =>
  ({
    kind: 'ok',
    startedAtMs,
    status: 202,
    final: { status, errCode: null, declineClass, e2eMs },
  }) satisfies IterationRecord;

describe('tools: load scenarios (k6/scenarios.json) and their figures', () => {
  it('reads k6 durations', () => {
    expect(durationMs('30s')).to.equal(30_000);
    expect(durationMs('1m30s')).to.equal(90_000);
    expect(durationMs('250ms')).to.equal(250);
    expect(() => durationMs('30 seconds')).to.throw(/not a k6 duration/);
  });

  it('every scenario of k6/scenarios.json is a k6 arrival-rate scenario of at most 30 s, with thresholds', () => {
    const scenarios = loadScenarios();
    expect(Object.keys(scenarios)).to.have.members(['steady', 'ramp', 'skewed', 'mix']);
    for (const [name, scenario] of Object.entries(scenarios)) {
      expect(['constant-arrival-rate', 'ramping-arrival-rate'], name).to.include(scenario.executor.executor);
      expect(scenarioMs(scenario.executor), name).to.be.at.most(30_000);
      expect(Object.keys(scenario.thresholds), name).to.include('payment_e2e_ms');
    }
    expect(scenarios.skewed.plan.skew).to.deep.equal({ bank: 'bank.lotus', payerShare: 0.7 });
    const mix = scenarios.mix.plan.mix!;
    expect(mix.wrongPin + mix.insufficientFunds + mix.frozenPayee).to.be.within(0.05, 0.07);
  });

  it("every scenario's failure-injection rule is one the services accept (outbox's FaultRuleInput)", () => {
    const rules = Object.values(loadScenarios()).flatMap((scenario) => scenario.faults);
    expect(rules.length, 'mix sets rules').to.be.at.least(1);
    // readFaultRules reads SY_FAULTS with the schema POST /v1/faults checks: it throws on a bad rule.
    expect(readFaultRules(JSON.stringify(rules.map((r) => r.rule)))).to.deep.equal(rules.map((r) => r.rule));
  });

  it('spaces a constant rate evenly: rate × duration starts', () => {
    const times = arrivalTimes(constant);
    expect(times.length).to.equal(600);
    expect(times[0]).to.equal(0);
    expect(times[1]).to.be.closeTo(50, 2);
    expect(times.at(-1)).to.be.below(30_000);
  });

  it('ramps linearly: the starts are the integral of the rate', () => {
    expect(rateAt(ramp, 5_000)).to.equal(5);
    expect(rateAt(ramp, 12_000)).to.equal(10);
    const times = arrivalTimes(ramp);
    expect(times.length).to.be.closeTo(50 + 50, 1); // ½·10·10 s + 10·5 s
    expect(times.filter((t) => t < 10_000).length).to.be.closeTo(50, 1);
  });

  it('checks k6 thresholds against the run, as k6 reads them', () => {
    const records: IterationRecord[] = [
      ...Array.from({ length: 95 }, (_, i) => done(i * 10, 100 + i)),
      done(960, 300, 'FAILURE', 'BD'),
      done(970, 300, 'FAILURE', 'TD'),
      { kind: 'ok', startedAtMs: 980, status: 429 },
      { kind: 'ok', startedAtMs: 990, status: 202, unfinished: true },
    ];
    const metrics = metricsOf(records, 2);
    const results = checkThresholds(metrics, {
      payment_completed: ['rate>0.99', 'rate>0.98'],
      payment_e2e_ms: ['p(95)<300', 'max<=300', 'avg<200'],
      payment_business_decline: ['rate<0.02'],
      'http_req_failed{name:POST /v1/payments}': ['rate<0.01'],
      dropped_iterations: ['count<3'],
    });
    expect(results.map((r) => `${r.metric} ${r.expression} ${r.ok}`)).to.deep.equal([
      'payment_completed rate>0.99 false',
      'payment_completed rate>0.98 true',
      'payment_e2e_ms p(95)<300 true',
      'payment_e2e_ms max<=300 true',
      'payment_e2e_ms avg<200 true',
      'payment_business_decline rate<0.02 true',
      'http_req_failed{name:POST /v1/payments} rate<0.01 false',
      'dropped_iterations count<3 true',
    ]);
    expect(() => checkThresholds(metrics, { payment_e2e_ms: ['p95 under 3 s'] })).to.throw(/cannot read/);
    expect(checkThresholds(metrics, { payment_success: ['rate>0'] })[0].ok).to.equal(true);
    expect(
      checkThresholds(metricsOf([], 0), { payment_success: ['rate>0'] })[0].ok,
      'nothing measured',
    ).to.equal(false);
  });

  it('interpolates percentiles as k6 does', () => {
    expect(percentile([1, 2, 3, 4], 50)).to.equal(2.5);
    expect(percentile([10], 99)).to.equal(10);
    expect(percentile([], 50)).to.equal(undefined);
  });

  it('finds the knee of a ramp: the last window that kept up', () => {
    const records: IterationRecord[] = [];
    for (let s = 0; s < 15; s += 1) {
      const offered = 2 * (s + 1);
      for (let i = 0; i < offered; i += 1) {
        const at = s * 1000 + i;
        if (s >= 10 && i % 2 === 0) records.push({ kind: 'ok', startedAtMs: at, status: 429 });
        else records.push(done(at, s >= 10 ? 2_000 : 200));
      }
    }
    const windows = windowsOf(records, [14_500, 14_600], 5);
    expect(windows.map((w) => w.offeredPerS)).to.deep.equal([6, 16, 26.4]);
    expect(kneeOf(windows)).to.equal(16);
    expect(kneeOf(windows.slice(0, 2)), 'never bent').to.equal(undefined);
  });
});
