/**
 * The bank's configuration: the only place that reads the environment (STYLE.md §3.7). Validated once by
 * env-schema against a TypeBox schema; the bank's IFSC prefix, default port and database come from the
 * network file. Secrets (operator key, PIN pepper) come from the environment or, failing that, from the
 * setup secrets file `<keys dir>/secrets.json` that `make bootstrap` writes (never committed).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import envSchema from 'env-schema';
import { Type, type Static } from 'typebox';
import { loadNetwork, serviceEnv, type Network } from '@switchyard/infra';
import { BankError } from './errors.ts';

export const ConfigEnv = Type.Object({
  ...serviceEnv,
  SY_PARTICIPANT: Type.String({ default: 'bank.lotus', pattern: '^bank\\.[a-z0-9-]{1,40}$' }),
  /** Default: the network file's database for this bank on the local server. */
  SY_DATABASE_URL: Type.Optional(Type.String({ minLength: 1 })),
  SY_AMQP_URL: Type.String({ default: 'amqp://guest:guest@127.0.0.1:5672', minLength: 1 }),
  SY_OPERATOR_KEY: Type.Optional(Type.String({ minLength: 16, maxLength: 256 })),
  /** The PIN pepper (any text of 16+ bytes; setup makes 32 random bytes, base64). */
  SY_PIN_PEPPER: Type.Optional(Type.String({ minLength: 16, maxLength: 1024 })),
  /** scrypt cost of new PIN verifiers: 2^12 ≈ 4 MB and a few ms per PIN check (README: the trade-off). */
  SY_PIN_SCRYPT_N: Type.Integer({ default: 4096, minimum: 16, maximum: 1_048_576 }),
  /** Seeding only (scripts/seed.ts): the PIN given to every seeded customer; stored as a verifier only. */
  SY_DEMO_PIN: Type.Optional(Type.String({ pattern: '^([0-9]{4}|[0-9]{6})$' })),
  /** Messages handled at once (AMQP prefetch): each holds a pool connection while it runs. */
  SY_PREFETCH: Type.Integer({ default: 20, minimum: 1, maximum: 1000 }),
});
export type ConfigEnv = Static<typeof ConfigEnv>;

export type Config = Readonly<{
  participant: string;
  /** The 4-letter IFSC prefix of this bank (`LOTS`). */
  ifscPrefix: string;
  databaseUrl: string;
  amqpUrl: string;
  prefix: string;
  keysDir: string;
  network: Network;
  httpHost: string;
  httpPort: number;
  operatorKey: string;
  pinPepper: Buffer;
  pinScryptN: number;
  demoPin: string | undefined;
  logLevel: string;
  dbPoolSizeMax: number;
  prefetch: number;
  bodySizeMax: number;
  requestTimeoutMs: number;
  connectionTimeoutMs: number;
  shutdownDelayMs: number;
}>;

type SetupSecrets = { operatorKey?: string; pinPepper?: string };

const readSetupSecrets = (keysDir: string): SetupSecrets => {
  try {
    return JSON.parse(readFileSync(join(keysDir, 'secrets.json'), 'utf8')) as SetupSecrets;
  } catch {
    return {};
  }
};

const required = (value: string | undefined, name: string, keysDir: string): string => {
  if (value === undefined || value.length < 16) {
    throw new BankError(
      'BANK_ERR_CONFIG',
      `${name} is not set and ${join(keysDir, 'secrets.json')} has none: run make bootstrap`,
    );
  }
  return value;
};

/**
 * Reads and validates the environment once.
 * @throws BankError BANK_ERR_CONFIG naming the variable that is missing or invalid, or the participant the
 *   network lacks.
 */
export const loadConfig = (env: Record<string, string | undefined> = process.env): Config => {
  let parsed: ConfigEnv;
  try {
    parsed = envSchema<ConfigEnv>({
      schema: structuredClone(ConfigEnv),
      data: { ...env },
      env: false,
      dotenv: false,
    });
  } catch (error) {
    throw new BankError('BANK_ERR_CONFIG', `invalid bank configuration: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const network = loadNetwork(parsed.SY_NETWORK_FILE);
  const self = network.banks.find((bank) => bank.id === parsed.SY_PARTICIPANT);
  if (!self)
    throw new BankError(
      'BANK_ERR_CONFIG',
      `SY_PARTICIPANT ${parsed.SY_PARTICIPANT} is not a bank of ${parsed.SY_NETWORK_FILE}`,
    );
  const secrets = parsed.SY_OPERATOR_KEY && parsed.SY_PIN_PEPPER ? {} : readSetupSecrets(parsed.SY_KEYS_DIR);
  return Object.freeze({
    participant: self.id,
    ifscPrefix: self.ifscPrefix,
    databaseUrl: parsed.SY_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/${self.database}`,
    amqpUrl: parsed.SY_AMQP_URL,
    prefix: parsed.SY_PREFIX,
    keysDir: parsed.SY_KEYS_DIR,
    network,
    httpHost: parsed.SY_HTTP_HOST,
    httpPort: parsed.SY_HTTP_PORT ?? self.httpPort,
    operatorKey: required(
      parsed.SY_OPERATOR_KEY ?? secrets.operatorKey,
      'SY_OPERATOR_KEY',
      parsed.SY_KEYS_DIR,
    ),
    pinPepper: Buffer.from(
      required(parsed.SY_PIN_PEPPER ?? secrets.pinPepper, 'SY_PIN_PEPPER', parsed.SY_KEYS_DIR),
      'utf8',
    ),
    pinScryptN: parsed.SY_PIN_SCRYPT_N,
    demoPin: parsed.SY_DEMO_PIN,
    logLevel: parsed.SY_LOG_LEVEL,
    dbPoolSizeMax: parsed.SY_DB_POOL_SIZE_MAX,
    prefetch: parsed.SY_PREFETCH,
    bodySizeMax: parsed.SY_BODY_SIZE_MAX,
    requestTimeoutMs: parsed.SY_HTTP_REQUEST_TIMEOUT_MS,
    connectionTimeoutMs: parsed.SY_HTTP_CONNECTION_TIMEOUT_MS,
    shutdownDelayMs: parsed.SY_SHUTDOWN_DELAY_MS,
  });
};
