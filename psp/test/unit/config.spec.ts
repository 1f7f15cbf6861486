import { expect } from 'chai';
import { loadConfig } from '../../src/config.ts';

const env = {
  SY_PARTICIPANT: 'psp.kite',
  SY_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/sy_psp_kite',
  SY_AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
  SY_OPERATOR_KEY: 'x'.repeat(32),
};

describe('psp config', () => {
  it('derives handle, prefix and port from the network file, with defaults for every limit', () => {
    const config = loadConfig(env);
    expect(config).to.include({
      participant: 'psp.kite',
      handle: 'kite',
      txnPrefix: 'KIT',
      httpPort: 7102,
      prefix: 'sy.',
      httpHost: '127.0.0.1',
    });
    expect(config.limits).to.include({
      paymentsInFlightMax: 200,
      // the adaptive admission limit: p99 target, floor, window
      admissionLatencyTargetMs: 250,
      paymentsInFlightMin: 32,
      admissionWindowMs: 1_000,
      admissionWindowSamplesMin: 20,
      bodySizeMax: 16_384,
      // longer than the switch's timers on forwarded requests (10–15 s): its coded answer comes first
      upstreamTimeoutMs: 20_000,
    });
    expect(config.statusChecks).to.deep.equal({ delayMinMs: 90_000, checksMax: 3 });
    expect(config.statusCheckIntervalMs).to.equal(5_000);
    expect(Object.isFrozen(config)).to.equal(true);
    expect(loadConfig({ ...env, SY_HTTP_PORT: '0', SY_PAYMENTS_IN_FLIGHT_MAX: '7' })).to.deep.include({
      httpPort: 0,
    });
    expect(loadConfig({ ...env, SY_PAYMENTS_IN_FLIGHT_MAX: '7' }).limits.paymentsInFlightMax).to.equal(7);
    expect(
      loadConfig({ ...env, SY_ADMISSION_LATENCY_TARGET_MS: '0' }).limits.admissionLatencyTargetMs,
    ).to.equal(0);
  });
  it('fails fast naming what is wrong', () => {
    expect(() => loadConfig({ ...env, SY_OPERATOR_KEY: 'short' })).to.throw(/SY_OPERATOR_KEY/);
    expect(() => loadConfig({ ...env, SY_DATABASE_URL: '' })).to.throw(/SY_DATABASE_URL/);
    // Unset, it is the network file's database on the local server (the same rule for every service).
    expect(loadConfig({ ...env, SY_DATABASE_URL: undefined }).databaseUrl).to.match(/\/sy_psp_kite$/);
    expect(() => loadConfig({ ...env, SY_PAYMENTS_IN_FLIGHT_MAX: 'many' })).to.throw(
      /SY_PAYMENTS_IN_FLIGHT_MAX/,
    );
    expect(() => loadConfig({ ...env, SY_PAYMENTS_IN_FLIGHT_MIN: '0' })).to.throw(
      /SY_PAYMENTS_IN_FLIGHT_MIN/,
    );
    expect(() => loadConfig({ ...env, SY_ADMISSION_LATENCY_TARGET_MS: '-1' })).to.throw(
      /SY_ADMISSION_LATENCY_TARGET_MS/,
    );
    expect(() => loadConfig({ ...env, SY_PARTICIPANT: 'psp.nope' })).to.throw(/not a PSP/);
  });
});
