/**
 * The switch's configuration: the only place that reads the environment (STYLE.md §3.7). Validated once
 * by env-schema against a TypeBox schema; fails fast naming the bad variable. Timers default to the UPI
 * limits of 16 Jun 2025 (UPI.md §5): 15 s debit/credit, 10 s reversal and address validation.
 */
import envSchema from 'env-schema';
import { Type, type Static } from 'typebox';
import { loadNetwork, serviceEnv, type Network } from '@switchyard/infra';
import type { LegTimeoutsMs } from './handlers/handlerDeps.ts';
import { SwitchError } from './errors.ts';

const timeoutMs = (defaultMs: number) => Type.Integer({ default: defaultMs, minimum: 10, maximum: 600_000 });

export const ConfigEnv = Type.Object({
  ...serviceEnv,
  SY_PARTICIPANT: Type.String({ default: 'switch', pattern: '^[a-z][a-z0-9]*$' }),
  SY_AUTH_TIMEOUT_MS: timeoutMs(10_000),
  SY_DEBIT_TIMEOUT_MS: timeoutMs(15_000),
  SY_CREDIT_TIMEOUT_MS: timeoutMs(15_000),
  SY_DEBIT_REVERSAL_TIMEOUT_MS: timeoutMs(10_000),
  SY_CREDIT_REVERSAL_TIMEOUT_MS: timeoutMs(10_000),
  /** How often due deadlines are fired; the timers' resolution. */
  SY_SWEEPER_INTERVAL_MS: Type.Integer({ default: 500, minimum: 10, maximum: 60_000 }),
  /** Extra wait past due_at before firing (0: deadline rows are the only timer path). */
  SY_SWEEPER_GRACE_MS: Type.Integer({ default: 0, minimum: 0, maximum: 60_000 }),
  /** P2P per-transaction cap in paise: ₹1,00,000 (UPI.md §9); above it → U02. */
  SY_P2P_AMOUNT_MINOR_MAX: Type.Integer({ default: 10_000_000, minimum: 1, maximum: 1_000_000_000 }),
  SY_PREFETCH: Type.Integer({ default: 100, minimum: 1, maximum: 1_000 }),
});
export type ConfigEnv = Static<typeof ConfigEnv>;

export type Config = Readonly<{
  participant: string;
  databaseUrl: string;
  amqpUrl: string;
  prefix: string;
  keysDir: string;
  network: Network;
  httpHost: string;
  httpPort: number;
  operatorKey: string;
  logLevel: string;
  timeoutsMs: Readonly<LegTimeoutsMs>;
  sweeper: Readonly<{ intervalMs: number; graceMs: number }>;
  amountMinorMax: number;
  prefetch: number;
  dbPoolSizeMax: number;
  bodySizeMax: number;
  requestTimeoutMs: number;
  connectionTimeoutMs: number;
  keepAliveTimeoutMs: number;
  shutdownDelayMs: number;
}>;

/**
 * Reads and validates the environment.
 * @throws SwitchError SWITCH_ERR_CONFIG naming the missing or invalid variable, or a participant the network lacks
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
    throw new SwitchError('SWITCH_ERR_CONFIG', `invalid switch configuration: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const network = loadNetwork(parsed.SY_NETWORK_FILE);
  if (network.switch.id !== parsed.SY_PARTICIPANT) {
    throw new SwitchError(
      'SWITCH_ERR_CONFIG',
      `SY_PARTICIPANT ${parsed.SY_PARTICIPANT} is not the switch of ${parsed.SY_NETWORK_FILE}`,
    );
  }
  return Object.freeze({
    participant: parsed.SY_PARTICIPANT,
    databaseUrl: parsed.SY_DATABASE_URL,
    amqpUrl: parsed.SY_AMQP_URL,
    prefix: parsed.SY_PREFIX,
    keysDir: parsed.SY_KEYS_DIR,
    network,
    httpHost: parsed.SY_HTTP_HOST,
    httpPort: parsed.SY_HTTP_PORT ?? network.switch.httpPort,
    operatorKey: parsed.SY_OPERATOR_KEY,
    logLevel: parsed.SY_LOG_LEVEL,
    timeoutsMs: Object.freeze({
      AUTH: parsed.SY_AUTH_TIMEOUT_MS,
      DEBIT: parsed.SY_DEBIT_TIMEOUT_MS,
      CREDIT: parsed.SY_CREDIT_TIMEOUT_MS,
      DEBIT_REVERSAL: parsed.SY_DEBIT_REVERSAL_TIMEOUT_MS,
      CREDIT_REVERSAL: parsed.SY_CREDIT_REVERSAL_TIMEOUT_MS,
    }),
    sweeper: Object.freeze({
      intervalMs: parsed.SY_SWEEPER_INTERVAL_MS,
      graceMs: parsed.SY_SWEEPER_GRACE_MS,
    }),
    amountMinorMax: parsed.SY_P2P_AMOUNT_MINOR_MAX,
    prefetch: parsed.SY_PREFETCH,
    dbPoolSizeMax: parsed.SY_DB_POOL_SIZE_MAX,
    bodySizeMax: parsed.SY_BODY_SIZE_MAX,
    requestTimeoutMs: parsed.SY_HTTP_REQUEST_TIMEOUT_MS,
    connectionTimeoutMs: parsed.SY_HTTP_CONNECTION_TIMEOUT_MS,
    keepAliveTimeoutMs: parsed.SY_HTTP_KEEP_ALIVE_TIMEOUT_MS,
    shutdownDelayMs: parsed.SY_SHUTDOWN_DELAY_MS,
  });
};
