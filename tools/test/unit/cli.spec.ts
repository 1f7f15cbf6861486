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
import { loadOwnKeys } from '@switchyard/contracts';

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
      .flatMap((participant) => loadOwnKeys(dir, participant).keys)
      .flatMap((key) => [key.boxSecretKey, key.signSeed].map((raw) => Buffer.from(raw).toString('base64')));
    for (const secret of secrets) expect(first.stdout + first.stderr).to.not.include(secret);
    const second = run();
    expect(second.status, second.stderr).to.equal(0);
    expect(second.stdout).to.include('already have keys');
  });
});
