/**
 * The PSP's configuration: the only place that reads the environment (STYLE.md §3.7). Validated once by
 * env-schema against a TypeBox schema; the PSP's handle, txn-id prefix and default port come from the
 * network file. Fails fast with a message naming the bad variable.
 */
import envSchema from 'env-schema';
import { Type, type Static } from 'typebox';
import { loadNetwork, serviceEnv, type Network } from '@switchyard/infra';

export const ConfigEnv = Type.Object({
  ...serviceEnv,
  SY_PARTICIPANT: Type.String({ pattern: '^psp\\.[a-z0-9-]{1,40}$' }),
  /** Admission control: payments accepted but not yet final. */
  SY_PAYMENTS_IN_FLIGHT_MAX: Type.Integer({ default: 200, minimum: 1, maximum: 100_000 }),
  /** A pending payment older than this no longer counts as in flight (the switch lost it). */
  SY_PAYMENT_IN_FLIGHT_AGE_MS_MAX: Type.Integer({ default: 120_000, minimum: 1_000 }),
  /** How long a synchronous call (discover, validate, PIN) waits for the network's answer. */
  SY_UPSTREAM_TIMEOUT_MS: Type.Integer({ default: 10_000, minimum: 100, maximum: 60_000 }),
  SY_UPSTREAM_WAITS_MAX: Type.Integer({ default: 500, minimum: 1 }),
  SY_WS_CONNECTIONS_PER_USER_MAX: Type.Integer({ default: 4, minimum: 1, maximum: 100 }),
  SY_WS_CONNECTIONS_MAX: Type.Integer({ default: 5_000, minimum: 1 }),
  /** Server pings; a socket that missed the previous pong is terminated (frees its slot). */
  SY_WS_PING_INTERVAL_MS: Type.Integer({ default: 30_000, minimum: 100 }),
  SY_PAYMENTS_PAGE_SIZE_MAX: Type.Integer({ default: 100, minimum: 1, maximum: 1_000 }),
  SY_IDEMPOTENCY_RETENTION_MS: Type.Integer({ default: 86_400_000, minimum: 60_000 }),
});
export type ConfigEnv = Static<typeof ConfigEnv>;

export type Limits = {
  paymentsInFlightMax: number;
  paymentInFlightAgeMsMax: number;
  upstreamTimeoutMs: number;
  upstreamWaitsMax: number;
  wsConnectionsPerUserMax: number;
  wsConnectionsMax: number;
  wsPingIntervalMs: number;
  bodySizeMax: number;
  paymentsPageSizeMax: number;
  requestTimeoutMs: number;
  connectionTimeoutMs: number;
  keepAliveTimeoutMs: number;
};

export type Config = Readonly<{
  participant: string;
  /** VPA handle owned by this PSP (`zap`), lower case. */
  handle: string;
  /** NPCI-issued 3-character txn id prefix (`ZAP`). */
  txnPrefix: string;
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
  shutdownDelayMs: number;
  idempotencyRetentionMs: number;
  limits: Readonly<Limits>;
}>;

export class ConfigError extends Error {
  readonly code = 'PSP_ERR_CONFIG';
}

/**
 * Reads and validates the environment.
 * @throws ConfigError naming the variable that is missing or invalid, or the participant the network lacks.
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
    throw new ConfigError(`invalid PSP configuration: ${(error as Error).message}`, { cause: error });
  }
  const network = loadNetwork(parsed.SY_NETWORK_FILE);
  const self = network.psps.find((psp) => psp.id === parsed.SY_PARTICIPANT);
  if (!self)
    throw new ConfigError(
      `SY_PARTICIPANT ${parsed.SY_PARTICIPANT} is not a PSP of ${parsed.SY_NETWORK_FILE}`,
    );
  return Object.freeze({
    participant: self.id,
    handle: self.handle.toLowerCase(),
    txnPrefix: self.txnPrefix,
    databaseUrl: parsed.SY_DATABASE_URL,
    amqpUrl: parsed.SY_AMQP_URL,
    prefix: parsed.SY_PREFIX,
    keysDir: parsed.SY_KEYS_DIR,
    network,
    httpHost: parsed.SY_HTTP_HOST,
    httpPort: parsed.SY_HTTP_PORT ?? self.httpPort,
    operatorKey: parsed.SY_OPERATOR_KEY,
    logLevel: parsed.SY_LOG_LEVEL,
    dbPoolSizeMax: parsed.SY_DB_POOL_SIZE_MAX,
    shutdownDelayMs: parsed.SY_SHUTDOWN_DELAY_MS,
    idempotencyRetentionMs: parsed.SY_IDEMPOTENCY_RETENTION_MS,
    limits: Object.freeze({
      paymentsInFlightMax: parsed.SY_PAYMENTS_IN_FLIGHT_MAX,
      paymentInFlightAgeMsMax: parsed.SY_PAYMENT_IN_FLIGHT_AGE_MS_MAX,
      upstreamTimeoutMs: parsed.SY_UPSTREAM_TIMEOUT_MS,
      upstreamWaitsMax: parsed.SY_UPSTREAM_WAITS_MAX,
      wsConnectionsPerUserMax: parsed.SY_WS_CONNECTIONS_PER_USER_MAX,
      wsConnectionsMax: parsed.SY_WS_CONNECTIONS_MAX,
      wsPingIntervalMs: parsed.SY_WS_PING_INTERVAL_MS,
      bodySizeMax: parsed.SY_BODY_SIZE_MAX,
      paymentsPageSizeMax: parsed.SY_PAYMENTS_PAGE_SIZE_MAX,
      requestTimeoutMs: parsed.SY_HTTP_REQUEST_TIMEOUT_MS,
      connectionTimeoutMs: parsed.SY_HTTP_CONNECTION_TIMEOUT_MS,
      keepAliveTimeoutMs: parsed.SY_HTTP_KEEP_ALIVE_TIMEOUT_MS,
    }),
  });
};
