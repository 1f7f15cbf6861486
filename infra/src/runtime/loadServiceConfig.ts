/**
 * The service chassis's configuration half (docs/architecture.md §4.6): the settings every service reads the same way
 * (`SY_*` below), validated once with env-schema against one TypeBox schema that also holds the role's own
 * settings, then checked against the network file (the participant must be a `role` of it). A service's
 * config.ts calls loadServiceConfig with its role settings and maps the result into its frozen Config.
 * Secrets come from the environment or, failing that, from the setup secrets file in the service's own keys
 * folder (SY_KEYS_DIR: `<keys>/<participant>/`). The broker login too: with an `amqpPassword` there, the
 * service connects to SY_AMQP_URL's broker as its own least-privilege user `<prefix><participant>`
 * (brokerAccess.ts), whatever login SY_AMQP_URL names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import envSchema from 'env-schema';
import { Type, type Static, type TProperties } from 'typebox';
import { DEFAULT_KEYS_DIR } from '@switchyard/contracts';
import type { HttpLimits } from '../http/buildServiceApp.ts';
import { DEFAULT_NETWORK_FILE, loadNetwork, type Network } from '../network.ts';
import { amqpUrlFor, brokerUserName } from '../rabbit/brokerAccess.ts';

export type Role = 'switch' | 'psp' | 'bank';

/** The settings every service reads, as TypeBox properties. */
export const serviceEnv = {
  /** Default: the network file's database of this participant on the local server. */
  SY_DATABASE_URL: Type.Optional(Type.String({ minLength: 1 })),
  SY_AMQP_URL: Type.String({ default: 'amqp://guest:guest@127.0.0.1:5672', minLength: 1 }),
  /** RabbitMQ name prefix: `sy.` for the network, `t…`/`e2e…` for tests. */
  SY_PREFIX: Type.String({ default: 'sy.', pattern: '^[a-z0-9]{1,16}\\.$' }),
  SY_KEYS_DIR: Type.String({ default: DEFAULT_KEYS_DIR, minLength: 1 }),
  SY_NETWORK_FILE: Type.String({ default: DEFAULT_NETWORK_FILE, minLength: 1 }),
  SY_HTTP_HOST: Type.String({ default: '127.0.0.1' }),
  /** Default: the port the network file gives this participant. */
  SY_HTTP_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  /** X-Operator-Key for operator endpoints; generated at setup, never committed. */
  SY_OPERATOR_KEY: Type.Optional(Type.String({ minLength: 16, maxLength: 256 })),
  SY_LOG_LEVEL: Type.String({ default: 'info', pattern: '^(fatal|error|warn|info|debug|trace|silent)$' }),
  SY_DB_POOL_SIZE_MAX: Type.Integer({ default: 10, minimum: 1, maximum: 200 }),
  /** Deliveries the consumer may handle in one shared transaction (1: a transaction each). */
  SY_CONSUMER_BATCH_SIZE_MAX: Type.Integer({ default: 20, minimum: 1, maximum: 500 }),
  /** The consumer's lanes: transactions it runs at once (a payment's messages always share one lane). */
  SY_CONSUMER_LANES: Type.Integer({ default: 4, minimum: 1, maximum: 64 }),
  SY_BODY_SIZE_MAX: Type.Integer({ default: 16_384, minimum: 1_024, maximum: 1_048_576 }),
  SY_HTTP_REQUEST_TIMEOUT_MS: Type.Integer({ default: 30_000, minimum: 1_000 }),
  SY_HTTP_CONNECTION_TIMEOUT_MS: Type.Integer({ default: 10_000, minimum: 1_000 }),
  SY_HTTP_KEEP_ALIVE_TIMEOUT_MS: Type.Integer({ default: 5_000, minimum: 100 }),
  SY_SHUTDOWN_DELAY_MS: Type.Integer({ default: 10_000, minimum: 100 }),
  /** Failure-injection rules at start: a JSON array, or the path of a file holding one (docs/failures.md). */
  SY_FAULTS: Type.Optional(Type.String({ maxLength: 1_000_000 })),
};

/** What every service's Config holds, whatever its role. */
export type ServiceConfig = {
  participant: string;
  role: Role;
  databaseUrl: string;
  amqpUrl: string;
  prefix: string;
  keysDir: string;
  network: Network;
  httpHost: string;
  httpPort: number;
  operatorKey: string;
  logLevel: string;
  dbPoolSizeMax: number;
  consumerBatchSizeMax: number;
  consumerLanes: number;
  httpLimits: Readonly<HttpLimits>;
  shutdownDelayMs: number;
  /** SY_FAULTS as given: the outbox's readFaultRules parses it. */
  faults: string | undefined;
};

/** The setup secrets (`<keys dir>/secrets.json`, written by bootstrap, never committed). */
export type SetupSecrets = {
  operatorKey?: string;
  /** A bank's PIN verification key, and the retired ones that still verify older PIN verifiers. */
  pinPepper?: string;
  pinRetiredPeppers?: string[];
  amqpPassword?: string;
};

export const readSetupSecrets = (keysDir: string): SetupSecrets => {
  try {
    return JSON.parse(readFileSync(join(keysDir, 'secrets.json'), 'utf8')) as SetupSecrets;
  } catch {
    return {};
  }
};

type Entry = { id: string; httpPort: number; database: string };

const entriesOf = (network: Network, role: Role): Entry[] =>
  role === 'switch' ? [network.switch] : role === 'psp' ? network.psps : network.banks;

const ROLE_NAMES: Record<Role, string> = { switch: 'the switch', psp: 'a PSP', bank: 'a bank' };

export type LoadedConfig<S extends TProperties> = {
  service: ServiceConfig;
  settings: Static<ReturnType<typeof Type.Object<S & typeof serviceEnv>>>;
};

/**
 * Reads and validates the environment once.
 * @param o.fail builds the service's own configuration error (its code, e.g. SWITCH_ERR_CONFIG)
 * @throws what o.fail builds, naming the variable that is missing or invalid, or a participant the
 *   network file does not give this role
 */
export const loadServiceConfig = <S extends TProperties>(o: {
  role: Role;
  settings: S;
  env: Record<string, string | undefined>;
  fail: (message: string, cause?: unknown) => Error;
}): LoadedConfig<S> => {
  const schema = Type.Object({ ...serviceEnv, ...o.settings });
  let parsed: Static<typeof schema>;
  try {
    parsed = envSchema<Static<typeof schema>>({
      schema: structuredClone(schema),
      data: { ...o.env },
      env: false,
      dotenv: false,
    });
  } catch (error) {
    throw o.fail(`invalid ${o.role} configuration: ${(error as Error).message}`, error);
  }
  const settings = parsed as Static<typeof schema> &
    Static<ReturnType<typeof Type.Object<typeof serviceEnv>>>;
  const participant = o.env.SY_PARTICIPANT ?? (o.role === 'switch' ? 'switch' : undefined);
  const network = loadNetwork(settings.SY_NETWORK_FILE);
  const self = entriesOf(network, o.role).find((entry) => entry.id === participant);
  if (self === undefined) {
    throw o.fail(
      `SY_PARTICIPANT ${participant ?? '(unset)'} is not ${ROLE_NAMES[o.role]} of ${settings.SY_NETWORK_FILE}`,
    );
  }
  const secrets = readSetupSecrets(settings.SY_KEYS_DIR);
  const operatorKey = settings.SY_OPERATOR_KEY ?? secrets.operatorKey;
  if (operatorKey === undefined || operatorKey.length < 16) {
    throw o.fail(
      `SY_OPERATOR_KEY is not set and ${join(settings.SY_KEYS_DIR, 'secrets.json')} has none: run make bootstrap`,
    );
  }
  const service: ServiceConfig = {
    participant: self.id,
    role: o.role,
    databaseUrl: settings.SY_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/${self.database}`,
    amqpUrl:
      secrets.amqpPassword === undefined
        ? settings.SY_AMQP_URL
        : amqpUrlFor(settings.SY_AMQP_URL, brokerUserName(settings.SY_PREFIX, self.id), secrets.amqpPassword),
    prefix: settings.SY_PREFIX,
    keysDir: settings.SY_KEYS_DIR,
    network,
    httpHost: settings.SY_HTTP_HOST,
    httpPort: settings.SY_HTTP_PORT ?? self.httpPort,
    operatorKey,
    logLevel: settings.SY_LOG_LEVEL,
    dbPoolSizeMax: settings.SY_DB_POOL_SIZE_MAX,
    consumerBatchSizeMax: settings.SY_CONSUMER_BATCH_SIZE_MAX,
    consumerLanes: settings.SY_CONSUMER_LANES,
    httpLimits: Object.freeze({
      bodySizeMax: settings.SY_BODY_SIZE_MAX,
      requestTimeoutMs: settings.SY_HTTP_REQUEST_TIMEOUT_MS,
      connectionTimeoutMs: settings.SY_HTTP_CONNECTION_TIMEOUT_MS,
      keepAliveTimeoutMs: settings.SY_HTTP_KEEP_ALIVE_TIMEOUT_MS,
    }),
    shutdownDelayMs: settings.SY_SHUTDOWN_DELAY_MS,
    faults: settings.SY_FAULTS,
  };
  return { service, settings: parsed as LoadedConfig<S>['settings'] };
};
