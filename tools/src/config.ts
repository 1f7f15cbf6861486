/**
 * The tools' configuration: the only tools file that reads the environment (docs/architecture.md §4.6). Where
 * the local network's pieces live, and the few settings the command-line tools take from the environment.
 * The tools (bootstrap, network, demo, invariant check…) are the composition roots of the whole network,
 * as main.ts is of one service.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

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

/** Settings of individual tools (each documented in that tool's --help). */
export type ToolSettings = {
  /** The PIN the demo customers get at `make up` and `make pay` uses (SY_DEMO_PIN; unset: DEMO_PIN_DEFAULT). */
  demoPin: string | undefined;
  /** The PIN of the load payers (SY_LOAD_PIN, default 5791). */
  loadPin: string;
  /** Inside docker-compose the services are other hosts: SY_SERVICE_HOSTS=switch=switch,psp.zap=psp-zap,… */
  serviceHosts: ReadonlyMap<string, string>;
  /** The participant a tool acts for, when the environment names one (docker-compose's serve/health). */
  participant: string | undefined;
  /** Seeding: the banks' PIN pepper (their PIN verification key), when given in the environment. */
  pinPepper: string | undefined;
  /** What a service started by the launcher inherits from the tool's own environment. */
  inherited: { PATH?: string; HOME?: string };
  /** The console's address (SY_CONSOLE_HOST, default 127.0.0.1: it has no login; SY_CONSOLE_PORT, 7300). */
  consoleHost: string;
  consolePort: number;
  /** The UPI app server's port (SY_APP_PORT, default 7400) and address it listens on (SY_APP_HOST, 127.0.0.1). */
  appPort: number;
  appHost: string;
  /** `SY_DEBIT_TIMEOUT_MS=5000 make up`: every other SY_* setting, passed on to the services. */
  serviceSettings: Readonly<Record<string, string>>;
};

/** Where `make console` / `make up` serve the console when SY_CONSOLE_PORT is not set. */
const CONSOLE_PORT_DEFAULT = 7300;

/** The demo customers' PIN when SY_DEMO_PIN is not set. */
export const DEMO_PIN_DEFAULT = '1234';

export const toolSettings = (env: NodeJS.ProcessEnv = process.env): ToolSettings => ({
  demoPin: env.SY_DEMO_PIN,
  loadPin: env.SY_LOAD_PIN ?? '5791',
  serviceHosts: new Map(
    (env.SY_SERVICE_HOSTS ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => pair.split('=') as [string, string]),
  ),
  participant: env.SY_PARTICIPANT || undefined,
  pinPepper: env.SY_PIN_PEPPER,
  inherited: { PATH: env.PATH, HOME: env.HOME },
  consoleHost: env.SY_CONSOLE_HOST ?? '127.0.0.1',
  consolePort: Number(env.SY_CONSOLE_PORT ?? CONSOLE_PORT_DEFAULT),
  appPort: Number(env.SY_APP_PORT ?? 7400),
  appHost: env.SY_APP_HOST ?? '127.0.0.1',
  serviceSettings: Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[0].startsWith('SY_') && e[1] !== undefined),
  ),
});

/**
 * Runs a service's main.ts in this process (docker-compose's `serve`): its config.ts reads these.
 * The one place the tools write the environment.
 */
export const setServiceEnvironment = (values: Record<string, string>): void => {
  Object.assign(process.env, values);
};

/** For every tool's --help: the environment localSettings reads. */
export const LOCAL_SETTINGS_HELP = `
Environment (defaults for a local machine):
  SY_POSTGRES_URL           Postgres server (postgres://postgres@127.0.0.1:5432/postgres)
  SY_AMQP_URL               RabbitMQ (amqp://guest:guest@127.0.0.1:5672)
  SY_RABBIT_MANAGEMENT_URL  RabbitMQ management API (http://127.0.0.1:15672)
  SY_KEYS_DIR               keys and setup secrets (<repo>/.keys)
  SY_RUN_DIR                pids, logs, demo sessions, load plans (<repo>/.run)
  SY_NETWORK_FILE           the network (<repo>/infra/network.json)`;
