/**
 * Where the local network's pieces live, and the setup secrets. Read by the scripts (bootstrap, network,
 * demo, invariant check) — the composition roots of the whole network, as main.ts is of one service.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export type LocalSettings = {
  postgresUrl: string; // the server (any database); per-service databases are derived from it
  amqpUrl: string;
  managementUrl: string;
  keysDir: string;
  runDir: string;
  networkFile: string;
};

export const localSettings = (env: NodeJS.ProcessEnv = process.env): LocalSettings => ({
  postgresUrl: env.SY_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  amqpUrl: env.SY_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  managementUrl: env.SY_RABBIT_MANAGEMENT_URL ?? 'http://127.0.0.1:15672',
  keysDir: env.SY_KEYS_DIR ?? join(REPO_ROOT, '.keys'),
  runDir: env.SY_RUN_DIR ?? join(REPO_ROOT, '.run'),
  networkFile: env.SY_NETWORK_FILE ?? join(REPO_ROOT, 'infra/network.json'),
});

/** Secrets made at setup, never committed: the operator key (HTTP admin endpoints) and the banks' PIN pepper. */
export type Secrets = { operatorKey: string; pinPepper: string };

const secretsFile = (keysDir: string): string => join(keysDir, 'secrets.json');

export const ensureSecrets = async (keysDir: string): Promise<Secrets> => {
  const file = secretsFile(keysDir);
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Secrets;
  await mkdir(keysDir, { recursive: true });
  const secrets: Secrets = {
    operatorKey: randomBytes(24).toString('base64url'),
    pinPepper: randomBytes(32).toString('base64'),
  };
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  await chmod(file, 0o600);
  return secrets;
};

export const loadSecrets = async (keysDir: string): Promise<Secrets> =>
  JSON.parse(await readFile(secretsFile(keysDir), 'utf8')) as Secrets;
