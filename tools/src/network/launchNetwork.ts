/**
 * Starts every participant of a network as its own Node process (one codebase per role, configured by
 * environment), waits until each answers /health, and stops them. `make up` runs it detached (the network
 * outlives the command); the end-to-end tests run it attached, on their own prefix, databases and ports.
 *
 * A service is given only its own keys folder (`<keys>/<participant>/`: its private keys, a copy of the public
 * directory, its secrets — operator key, broker password, a bank's PIN pepper) and the broker's address
 * without any login: it connects as its own least-privilege user (infra loadServiceConfig).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { participantKeysDir } from '@switchyard/contracts';
import { databaseUrl, type Network } from '@switchyard/infra';
import { REPO_ROOT, toolSettings } from '../config.ts';
import { MAGIC_FAULTS_FILE } from '../faults/magicFaults.ts';

type Role = 'switch' | 'psp' | 'bank';
export type ServiceSpec = { id: string; role: Role; port: number; database: string };
export type RunningService = ServiceSpec & { url: string; pid: number; child?: ChildProcess };

export type LaunchOptions = {
  network: Network;
  networkFile: string;
  postgresUrl: string;
  /** The broker (its login, if any, is not passed on: each service logs in as itself). */
  amqpUrl: string;
  /** The network's keys folder; each service gets its own folder inside it. */
  keysDir: string;
  logsDir: string;
  detached: boolean;
  /** Extra environment for every service, then per participant id (e.g. short timers in tests). */
  env?: Record<string, string>;
  envFor?: Record<string, Record<string, string>>;
  healthTimeoutMs?: number;
};

export const servicesOf = (network: Network): ServiceSpec[] => [
  { id: network.switch.id, role: 'switch', port: network.switch.httpPort, database: network.switch.database },
  ...network.psps.map((p) => ({ id: p.id, role: 'psp' as const, port: p.httpPort, database: p.database })),
  ...network.banks.map((b) => ({ id: b.id, role: 'bank' as const, port: b.httpPort, database: b.database })),
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The broker's address without the admin's login. */
export const withoutLogin = (amqpUrl: string): string => {
  const url = new URL(amqpUrl);
  url.username = '';
  url.password = '';
  return url.toString();
};
/** What the launcher sets itself for each service; every other SY_* setting passes through as tuning. */
const LAUNCHER_SET = new Set([
  'SY_PARTICIPANT',
  'SY_DATABASE_URL',
  'SY_AMQP_URL',
  'SY_PREFIX',
  'SY_KEYS_DIR',
  'SY_NETWORK_FILE',
  'SY_HTTP_PORT',
  'SY_OPERATOR_KEY',
  'SY_PIN_PEPPER',
  'SY_PIN_RETIRED_PEPPERS', // each bank's own, from its keys folder: never one for all
]);

/** `SY_DEBIT_TIMEOUT_MS=5000 make up` (or make bench): service settings from the caller's environment. */
export const serviceTuning = (): Record<string, string> =>
  Object.fromEntries(
    Object.entries(toolSettings().serviceSettings).filter(([name]) => !LAUNCHER_SET.has(name)),
  );

export const waitForHealth = async (url: string, timeoutMs: number, child?: ChildProcess): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(200);
  }
  throw new Error(`${url}/health did not answer within ${timeoutMs} ms (${last})`);
};

const startService = (spec: ServiceSpec, options: LaunchOptions): RunningService => {
  mkdirSync(options.logsDir, { recursive: true });
  const logFile = join(options.logsDir, `${spec.id}.log`);
  const out = openSync(logFile, 'a');
  const env: NodeJS.ProcessEnv = {
    ...toolSettings().inherited,
    NODE_OPTIONS: '--disable-warning=ExperimentalWarning',
    SY_PARTICIPANT: spec.id,
    SY_DATABASE_URL: databaseUrl(options.postgresUrl, spec.database),
    SY_AMQP_URL: withoutLogin(options.amqpUrl),
    SY_PREFIX: options.network.prefix,
    SY_KEYS_DIR: participantKeysDir(options.keysDir, spec.id),
    SY_NETWORK_FILE: options.networkFile,
    SY_HTTP_PORT: String(spec.port),
    // The magic amounts and VPAs (docs/failures.md); SY_FAULTS in `env` replaces them ('[]': none).
    SY_FAULTS: MAGIC_FAULTS_FILE,
    ...options.env,
    ...options.envFor?.[spec.id],
  };
  const child = spawn(process.execPath, [join(REPO_ROOT, spec.role, 'src/main.ts')], {
    cwd: REPO_ROOT,
    env,
    detached: options.detached,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  if (options.detached) child.unref();
  return {
    ...spec,
    url: `http://127.0.0.1:${spec.port}`,
    pid: child.pid!,
    child: options.detached ? undefined : child,
  };
};

export type LaunchedNetwork = {
  services: RunningService[];
  byId(id: string): RunningService;
  /** kill -9 (or another signal) one service, without waiting for anything. */
  kill(id: string, signal?: NodeJS.Signals): void;
  /** Starts a stopped or killed service again and waits for its health. */
  restart(id: string): Promise<void>;
  stop(): Promise<void>;
};

const stopProcess = async (service: RunningService, timeoutMs = 10_000): Promise<void> => {
  const alive = (): boolean => {
    if (service.child) return service.child.exitCode === null && service.child.signalCode === null;
    try {
      process.kill(service.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(service.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (alive() && Date.now() < deadline) await sleep(100);
  if (alive()) process.kill(service.pid, 'SIGKILL');
  while (alive()) await sleep(50);
};

export const launchNetwork = async (options: LaunchOptions): Promise<LaunchedNetwork> => {
  const services = servicesOf(options.network).map((spec) => startService(spec, options));
  const timeout = options.healthTimeoutMs ?? 60_000;
  const launched: LaunchedNetwork = {
    services,
    byId(id) {
      const found = services.find((s) => s.id === id);
      if (!found) throw new Error(`no service ${id}`);
      return found;
    },
    kill(id, signal = 'SIGKILL') {
      const service = launched.byId(id);
      try {
        process.kill(service.pid, signal);
      } catch {
        /* already gone */
      }
    },
    async restart(id) {
      const index = services.findIndex((s) => s.id === id);
      const old = services[index];
      await stopProcess(old);
      const started = startService(old, options);
      services[index] = started;
      await waitForHealth(started.url, timeout, started.child);
    },
    async stop() {
      await Promise.all(services.map((s) => stopProcess(s)));
    },
  };
  try {
    await Promise.all(services.map((s) => waitForHealth(s.url, timeout, s.child)));
  } catch (error) {
    await launched.stop();
    throw error;
  }
  return launched;
};

export { stopProcess };
