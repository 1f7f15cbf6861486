/**
 * Secrets made at setup, never committed, each where it belongs (keys folder layout: contracts keyStore.ts):
 *
 *   <keys>/<participant>/secrets.json  0600, that service's own: its operator key (X-Operator-Key of its HTTP
 *                                      operator endpoints), its RabbitMQ password (login `<prefix><participant>`,
 *                                      infra brokerAccess.ts) and, for a bank only, its PIN pepper
 *   <keys>/secrets.json                0600, the people's: the read-only RabbitMQ management login's password
 *
 * A service is given its own folder and reads its secrets from it (infra loadServiceConfig); the tools that call
 * a service's operator endpoints read that service's key (operatorKeyOf).
 *
 * Before issue 7 one `<keys>/secrets.json` held one operator key and one PIN pepper for everyone; a bank set up
 * from such a file keeps that pepper (its stored PIN verifiers depend on it), everything else is made afresh.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { participantKeysDir } from '@switchyard/contracts';
import { participantsOf, type Network } from '@switchyard/infra';

export type ServiceSecrets = { operatorKey: string; amqpPassword: string; pinPepper?: string };
export type PeopleSecrets = { monitoringPassword: string };
type LegacySecrets = { operatorKey?: string; pinPepper?: string };

const peopleFile = (keysDir: string): string => join(keysDir, 'secrets.json');
const serviceFile = (keysDir: string, participant: string): string =>
  join(participantKeysDir(keysDir, participant), 'secrets.json');

const writeSecret = async (file: string, value: unknown): Promise<void> => {
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
};
const token = (bytes: number): string => randomBytes(bytes).toString('base64url');

/**
 * Creates what is missing — each participant's secrets (its keys folder must exist or is created 0700) and
 * the monitoring password — and returns the people's secrets. Idempotent: existing secrets are kept.
 */
export const ensureSecrets = async (keysDir: string, network: Network): Promise<PeopleSecrets> => {
  await mkdir(keysDir, { recursive: true });
  const existing = existsSync(peopleFile(keysDir))
    ? (JSON.parse(await readFile(peopleFile(keysDir), 'utf8')) as Partial<PeopleSecrets> & LegacySecrets)
    : {};
  const banks = new Set(network.banks.map((bank) => bank.id));
  for (const participant of participantsOf(network)) {
    const file = serviceFile(keysDir, participant);
    if (existsSync(file)) continue;
    await mkdir(participantKeysDir(keysDir, participant), { recursive: true, mode: 0o700 });
    const secrets: ServiceSecrets = { operatorKey: token(24), amqpPassword: token(24) };
    if (banks.has(participant)) secrets.pinPepper = existing.pinPepper ?? randomBytes(32).toString('base64');
    await writeSecret(file, secrets);
  }
  const people: PeopleSecrets = { monitoringPassword: existing.monitoringPassword ?? token(18) };
  if (existing.monitoringPassword === undefined || existing.operatorKey !== undefined)
    await writeSecret(peopleFile(keysDir), people); // the legacy shared secrets are gone from here on
  return people;
};

/** @throws Error (ENOENT) before the first bootstrap */
export const loadServiceSecrets = (keysDir: string, participant: string): ServiceSecrets =>
  JSON.parse(readFileSync(serviceFile(keysDir, participant), 'utf8')) as ServiceSecrets;

/** The X-Operator-Key of `participant`'s operator endpoints. @throws Error (ENOENT) before the first bootstrap */
export const operatorKeyOf = (keysDir: string, participant: string): string =>
  loadServiceSecrets(keysDir, participant).operatorKey;

/** @throws Error (ENOENT) before the first bootstrap */
export const loadPeopleSecrets = (keysDir: string): PeopleSecrets =>
  JSON.parse(readFileSync(peopleFile(keysDir), 'utf8')) as PeopleSecrets;

/** Every service's operator key, for a tool that calls several (read once per participant). */
export type OperatorKeys = (participant: string) => string;

/** @throws Error (ENOENT), on first use of a participant, before the first bootstrap */
export const operatorKeysOf = (keysDir: string): OperatorKeys => {
  const known = new Map<string, string>();
  return (participant) => {
    let key = known.get(participant);
    if (key === undefined) {
      key = operatorKeyOf(keysDir, participant);
      known.set(participant, key);
    }
    return key;
  };
};
