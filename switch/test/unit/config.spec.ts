import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '../../src/config.ts';

describe('switch config', () => {
  // No setup secrets file to fall back on: the operator key must come from the environment.
  const keysDir = mkdtempSync(join(tmpdir(), 'switch-config-'));
  after(() => rmSync(keysDir, { recursive: true, force: true }));
  const env = {
    SY_DATABASE_URL: 'postgres://x/sy_switch',
    SY_AMQP_URL: 'amqp://x',
    SY_OPERATOR_KEY: 'k'.repeat(20),
    SY_KEYS_DIR: keysDir,
  };

  it('defaults the timers to the UPI limits and the cap to ₹1,00,000', () => {
    const config = loadConfig(env);
    expect(config.timeoutsMs).to.deep.equal({
      AUTH: 10_000,
      DEBIT: 15_000,
      CREDIT: 15_000,
      DEBIT_REVERSAL: 10_000,
      CREDIT_REVERSAL: 10_000,
      CREDIT_CHECK: 10_000,
      AUTO_REVERSAL: 10_000,
    });
    expect(config.forwardTimeoutsMs).to.deep.equal({
      VALADD: 10_000,
      LIST_ACCOUNT: 10_000,
      SET_CRE: 15_000,
      OTP: 10_000,
    });
    expect(config.resolution).to.deep.equal({
      windowMs: 86_400_000,
      reversalAttemptsMax: 3,
      backoffMaxMs: 300_000,
    });
    expect(config.statusChecks).to.deep.equal({ delayMinMs: 90_000, checksMax: 3 });
    expect(config).to.include({
      participant: 'switch',
      prefix: 'sy.',
      amountMinorMax: 10_000_000,
      httpPort: 7000,
    });
    expect(Object.isFrozen(config)).to.equal(true);
  });

  it('reads overrides and fails fast naming a bad variable', () => {
    expect(loadConfig({ ...env, SY_DEBIT_TIMEOUT_MS: '500', SY_SWEEPER_INTERVAL_MS: '50' })).to.deep.include({
      sweeper: { intervalMs: 50, graceMs: 0 },
    });
    expect(loadConfig({ ...env, SY_DEBIT_TIMEOUT_MS: '500' }).timeoutsMs.DEBIT).to.equal(500);
    expect(() => loadConfig({ ...env, SY_DEBIT_TIMEOUT_MS: 'soon' })).to.throw(/SY_DEBIT_TIMEOUT_MS/);
    expect(() => loadConfig({ ...env, SY_OPERATOR_KEY: undefined })).to.throw(/SY_OPERATOR_KEY/);
    expect(() => loadConfig({ ...env, SY_PARTICIPANT: 'other' })).to.throw(/not the switch/);
  });
});
