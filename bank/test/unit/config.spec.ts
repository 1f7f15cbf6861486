import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  const keysDir = mkdtempSync(join(tmpdir(), 'bank-config-'));
  const emptyKeysDir = mkdtempSync(join(tmpdir(), 'bank-config-empty-'));
  writeFileSync(
    join(keysDir, 'secrets.json'),
    JSON.stringify({ operatorKey: 'from-secrets-file-0123', pinPepper: 'pepper-from-secrets-file-0123456' }),
  );
  after(() => {
    rmSync(keysDir, { recursive: true, force: true });
    rmSync(emptyKeysDir, { recursive: true, force: true });
  });

  it("takes the bank's IFSC prefix, port and database from the network file, secrets from the environment", () => {
    const config = loadConfig({
      SY_PARTICIPANT: 'bank.banyan',
      SY_KEYS_DIR: emptyKeysDir,
      SY_OPERATOR_KEY: 'operator-key-0123456',
      SY_PIN_PEPPER: 'pepper-0123456789abcdef',
      SY_PIN_RETIRED_PEPPERS: 'retired-pepper-0000001,retired-pepper-0000002',
    });
    expect(config).to.include({
      participant: 'bank.banyan',
      ifscPrefix: 'BNYN',
      httpPort: 7202,
      prefix: 'sy.',
    });
    expect(config.databaseUrl).to.match(/\/sy_bank_banyan$/);
    expect(config.pinPepper.toString('utf8')).to.equal('pepper-0123456789abcdef');
    expect(config.pinRetiredPeppers.map((key) => key.toString('utf8'))).to.deep.equal([
      'retired-pepper-0000001',
      'retired-pepper-0000002',
    ]);
    expect(Object.isFrozen(config)).to.equal(true);
  });

  it('falls back to the setup secrets file in the keys folder', () => {
    const config = loadConfig({ SY_KEYS_DIR: keysDir });
    expect(config).to.include({ participant: 'bank.lotus', operatorKey: 'from-secrets-file-0123' });
    expect(config.pinPepper.toString('utf8')).to.equal('pepper-from-secrets-file-0123456');
    expect(config.pinRetiredPeppers).to.deep.equal([]);
  });

  it('takes retired PIN peppers from the secrets file too (key rotation)', () => {
    const rotatedDir = mkdtempSync(join(tmpdir(), 'bank-config-rotated-'));
    try {
      writeFileSync(
        join(rotatedDir, 'secrets.json'),
        JSON.stringify({
          operatorKey: 'from-secrets-file-0123',
          pinPepper: 'new-pepper-0123456789',
          pinRetiredPeppers: ['old-pepper-0123456789'],
        }),
      );
      const config = loadConfig({ SY_KEYS_DIR: rotatedDir });
      expect(config.pinPepper.toString('utf8')).to.equal('new-pepper-0123456789');
      expect(config.pinRetiredPeppers.map((key) => key.toString('utf8'))).to.deep.equal([
        'old-pepper-0123456789',
      ]);
    } finally {
      rmSync(rotatedDir, { recursive: true, force: true });
    }
  });

  it('connects to the broker as its own user when its keys folder holds its broker password', () => {
    const ownDir = mkdtempSync(join(tmpdir(), 'bank-config-own-'));
    try {
      writeFileSync(
        join(ownDir, 'secrets.json'),
        JSON.stringify({
          operatorKey: 'from-secrets-file-0123',
          pinPepper: 'p'.repeat(32),
          amqpPassword: 'pw/+x',
        }),
      );
      const config = loadConfig({
        SY_KEYS_DIR: ownDir,
        SY_PREFIX: 'e2e1.',
        SY_AMQP_URL: 'amqp://guest:guest@broker:5672/',
      });
      expect(config.amqpUrl).to.equal('amqp://e2e1.bank.lotus:pw%2F%2Bx@broker:5672/');
      expect(loadConfig({ SY_KEYS_DIR: keysDir }).amqpUrl, 'no password: SY_AMQP_URL as given').to.equal(
        'amqp://guest:guest@127.0.0.1:5672',
      );
    } finally {
      rmSync(ownDir, { recursive: true, force: true });
    }
  });

  it('fails fast, naming the problem: no pepper anywhere, an unknown bank, a bad value or retired pepper', () => {
    const attempts: Array<[Record<string, string>, RegExp]> = [
      [{ SY_KEYS_DIR: emptyKeysDir, SY_OPERATOR_KEY: 'operator-key-0123456' }, /SY_PIN_PEPPER/],
      [{ SY_KEYS_DIR: keysDir, SY_PARTICIPANT: 'bank.nowhere' }, /not a bank/],
      [
        { SY_KEYS_DIR: keysDir, SY_PIN_RETIRED_PEPPERS: 'retired-pepper-0000001,short' },
        /SY_PIN_RETIRED_PEPPERS/,
      ],
      [{ SY_KEYS_DIR: keysDir, SY_DEMO_PIN: '12345' }, /SY_DEMO_PIN/],
    ];
    for (const [env, message] of attempts) {
      expect(() => loadConfig(env))
        .to.throw(message)
        .with.property('code', 'BANK_ERR_CONFIG');
    }
  });
});
