/** Secrets made at setup, never committed: the operator key (HTTP admin endpoints) and the banks' PIN pepper. */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type Secrets = { operatorKey: string; pinPepper: string };

const secretsFile = (keysDir: string): string => join(keysDir, 'secrets.json');

/** Reads `<keysDir>/secrets.json`, creating it (mode 0600) with fresh secrets when it does not exist. */
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

/** @throws Error (ENOENT) before the first bootstrap */
export const loadSecrets = async (keysDir: string): Promise<Secrets> =>
  JSON.parse(await readFile(secretsFile(keysDir), 'utf8')) as Secrets;
