/**
 * Every command-line tool (src/cli/*.ts) answers --help and refuses an unknown option with a clear message,
 * without touching Postgres, RabbitMQ or the network; the key generator's behaviour as a command.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { loadKeyDirectory, loadOwnKeys, participantKeysDir } from '@switchyard/contracts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cliDir = fileURLToPath(new URL('../../src/cli/', import.meta.url));
const tools = readdirSync(cliDir)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.replace(/\.ts$/, ''));

type Ran = { tool: string; code: number | null; stdout: string; stderr: string };
const runTool = (tool: string, args: string[]): Promise<Ran> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(cliDir, `${tool}.ts`), ...args],
      { cwd: root, timeout: 20_000, env: { ...process.env, SY_PARTICIPANT: '' } },
      (error, stdout, stderr) => resolve({ tool, code: error ? (error.code as number) : 0, stdout, stderr }),
    );
  });

/** Runs every tool with `args`, a few at a time (the machine has few cores). */
const runAll = async (args: string[]): Promise<Ran[]> => {
  const results: Ran[] = [];
  const queue = [...tools];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let tool = queue.shift(); tool !== undefined; tool = queue.shift())
        results.push(await runTool(tool, args));
    }),
  );
  return results;
};

describe('tools: the command-line tools', function () {
  this.timeout(120_000);

  it('finds the tools', () => {
    expect(tools).to.include.members(['network', 'demo', 'pay', 'dlq', 'check', 'rebuild', 'load', 'seed']);
  });

  it('every tool answers --help with its usage and exits 0', async () => {
    for (const ran of await runAll(['--help'])) {
      expect(ran.code, `${ran.tool}: ${ran.stderr}`).to.equal(0);
      expect(ran.stdout, ran.tool).to.match(new RegExp(`^Usage: ${ran.tool} `));
    }
  });

  it('every tool refuses an unknown option, naming it, and exits 1', async () => {
    for (const ran of await runAll(['--no-such-option'])) {
      expect(ran.code, `${ran.tool}: ${ran.stdout}`).to.equal(1);
      expect(ran.stderr, ran.tool).to.include("unknown option '--no-such-option'");
    }
  });

  it('refuses a malformed number with the option it belongs to', async () => {
    const ran = await runTool('dlq', ['--limit', 'lots']);
    expect(ran.code).to.equal(1);
    expect(ran.stderr).to.include("option '--limit <n>' argument 'lots' is invalid");
  });
});

describe('tools: generateKeys', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sy-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // Moved from contracts/test/unit/keyFiles.spec.ts with the command (it was infra/scripts/generateKeys.ts).
  it('the CLI generates keys for the network and never prints key material', () => {
    const run = () =>
      spawnSync(process.execPath, ['tools/src/cli/generateKeys.ts', '--dir', dir], {
        cwd: root,
        encoding: 'utf8',
      });
    const first = run();
    expect(first.status, first.stderr).to.equal(0);
    expect(first.stdout).to.include('switch/k1').and.include('psp.zap/k1').and.include('bank.banyan/k1');
    const secrets = ['switch', 'psp.zap']
      .flatMap((participant) => loadOwnKeys(participantKeysDir(dir, participant), participant).keys)
      .flatMap((key) => [key.boxSecretKey, key.signSeed].map((raw) => Buffer.from(raw).toString('base64')));
    for (const secret of secrets) expect(first.stdout + first.stderr).to.not.include(secret);
    const second = run();
    expect(second.status, second.stderr).to.equal(0);
    expect(second.stdout).to.include('already have keys');
  });

  it('rotates in two steps: the new key is published with its activation instant; retiring before it is active is refused', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['tools/src/cli/generateKeys.ts', '--dir', dir, ...args], {
        cwd: root,
        encoding: 'utf8',
      });
    expect(run().status).to.equal(0);
    const rotated = run('--rotate', 'bank.lotus', '--activate-after', '60000');
    expect(rotated.status, rotated.stderr).to.equal(0);
    expect(rotated.stdout).to.match(/created bank\.lotus\/k2 \(used from \d{4}-\d\d-\d\dT/);
    const early = run('--retire', 'bank.lotus/k1');
    expect(early.status).to.equal(1);
    expect(early.stderr).to.include('would have no usable key once k1 retires');
    expect(run('--rotate', 'switch', '--activate-after', '0').status).to.equal(0);
    const retired = run('--retire', 'switch/k1', '--retire-after', '5000');
    expect(retired.status, retired.stderr).to.equal(0);
    expect(retired.stdout).to.match(/switch\/k1 retired from \d{4}-/);
    expect(loadKeyDirectory(dir).lookup('switch', 'k1')?.retiredAt).to.be.a('string');
  });
});
