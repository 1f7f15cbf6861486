/**
 * Where the local network's pieces live. Read by the command-line tools (bootstrap, network, demo,
 * invariant check) — the composition roots of the whole network, as main.ts is of one service.
 */
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

/** For every tool's --help: the environment localSettings reads. */
export const LOCAL_SETTINGS_HELP = `
Environment (defaults for a local machine):
  SY_POSTGRES_URL           Postgres server (postgres://postgres@127.0.0.1:5432/postgres)
  SY_AMQP_URL               RabbitMQ (amqp://guest:guest@127.0.0.1:5672)
  SY_RABBIT_MANAGEMENT_URL  RabbitMQ management API (http://127.0.0.1:15672)
  SY_KEYS_DIR               keys and setup secrets (<repo>/.keys)
  SY_RUN_DIR                pids, logs, demo sessions, load plans (<repo>/.run)
  SY_NETWORK_FILE           the network (<repo>/infra/network.json)`;
