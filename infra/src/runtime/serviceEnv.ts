/**
 * The settings every service reads the same way (STYLE.md §3.7), as TypeBox properties to spread into a
 * role's own env schema: `Type.Object({ ...serviceEnv, SY_PARTICIPANT: …, <role settings> })`. A role may
 * override any of them (the bank derives its database URL from the network file, so it makes it optional).
 */
import { Type } from 'typebox';
import { DEFAULT_KEYS_DIR } from '@switchyard/contracts';
import { DEFAULT_NETWORK_FILE } from '../network.ts';

export const serviceEnv = {
  SY_DATABASE_URL: Type.String({ minLength: 1 }),
  SY_AMQP_URL: Type.String({ minLength: 1 }),
  /** RabbitMQ name prefix: `sy.` for the network, `t…`/`e2e…` for tests. */
  SY_PREFIX: Type.String({ default: 'sy.', pattern: '^[a-z0-9]{1,16}\\.$' }),
  SY_KEYS_DIR: Type.String({ default: DEFAULT_KEYS_DIR, minLength: 1 }),
  SY_NETWORK_FILE: Type.String({ default: DEFAULT_NETWORK_FILE, minLength: 1 }),
  SY_HTTP_HOST: Type.String({ default: '127.0.0.1' }),
  /** Default: the port the network file gives this participant. */
  SY_HTTP_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  /** X-Operator-Key for operator endpoints; generated at setup, never committed. */
  SY_OPERATOR_KEY: Type.String({ minLength: 16, maxLength: 256 }),
  SY_LOG_LEVEL: Type.String({ default: 'info', pattern: '^(fatal|error|warn|info|debug|trace|silent)$' }),
  SY_DB_POOL_SIZE_MAX: Type.Integer({ default: 10, minimum: 1, maximum: 200 }),
  SY_BODY_SIZE_MAX: Type.Integer({ default: 16_384, minimum: 1_024, maximum: 1_048_576 }),
  SY_HTTP_REQUEST_TIMEOUT_MS: Type.Integer({ default: 30_000, minimum: 1_000 }),
  SY_HTTP_CONNECTION_TIMEOUT_MS: Type.Integer({ default: 10_000, minimum: 1_000 }),
  SY_HTTP_KEEP_ALIVE_TIMEOUT_MS: Type.Integer({ default: 5_000, minimum: 100 }),
  SY_SHUTDOWN_DELAY_MS: Type.Integer({ default: 10_000, minimum: 100 }),
};
