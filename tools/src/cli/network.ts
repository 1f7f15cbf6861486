/**
 * `make up` / `make down` / `make status`: `node tools/src/cli/network.ts up|down|status` — the local
 * network as background processes, and the network console beside them. State (pids, urls) lives in
 * .run/network.json; logs in .run/logs/<participant>.log (the console's in console.log).
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { loadNetwork, monitoringUserName } from '@switchyard/infra';
import {
  launchNetwork,
  serviceTuning,
  stopProcess,
  waitForHealth,
  type RunningService,
} from '../network/launchNetwork.ts';
import { LOCAL_SETTINGS_HELP, localSettings } from '../config.ts';
import { loadPeopleSecrets } from '../network/secrets.ts';
import { startConsoleDetached, stopConsole, type ConsoleState } from '../network/consoleProcess.ts';

const settings = localSettings();
const stateFile = join(settings.runDir, 'network.json');
type State = { services: Omit<RunningService, 'child'>[]; console?: ConsoleState };

const readState = (): State | undefined =>
  existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as State) : undefined;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const healthy = async (service: Omit<RunningService, 'child'>): Promise<boolean> =>
  alive(service.pid) &&
  (await waitForHealth(service.url, 1500).then(
    () => true,
    () => false,
  ));

const up = async (): Promise<void> => {
  const state = readState();
  if (state && (await Promise.all(state.services.map(healthy))).every(Boolean)) {
    console.log('network: already running');
    if (!state.console || !alive(state.console.pid)) {
      state.console = await startConsoleDetached(join(settings.runDir, 'logs'));
      writeFileSync(stateFile, JSON.stringify(state, null, 2));
    }
    return printStatus(state);
  }
  if (state) await down();
  const network = loadNetwork(settings.networkFile);
  mkdirSync(settings.runDir, { recursive: true });
  console.log('network: starting switch, PSPs and banks …');
  const launched = await launchNetwork({
    network,
    networkFile: settings.networkFile,
    postgresUrl: settings.postgresUrl,
    amqpUrl: settings.amqpUrl,
    keysDir: settings.keysDir,
    logsDir: join(settings.runDir, 'logs'),
    detached: true,
    env: serviceTuning(),
  });
  const next: State = { services: launched.services.map(({ child: _child, ...rest }) => rest) };
  writeFileSync(stateFile, JSON.stringify(next, null, 2));
  console.log('network: starting the console …');
  next.console = await startConsoleDetached(join(settings.runDir, 'logs'));
  writeFileSync(stateFile, JSON.stringify(next, null, 2));
  printStatus(next);
};

const down = async (): Promise<void> => {
  const state = readState();
  if (!state) return console.log('network: not running');
  if (state.console) await stopConsole(state.console);
  await Promise.all(state.services.map((s) => stopProcess(s)));
  rmSync(stateFile, { force: true });
  console.log('network: stopped');
};

const printStatus = (state: State): void => {
  for (const s of state.services) console.log(`  ${s.id.padEnd(12)} pid ${String(s.pid).padEnd(8)} ${s.url}`);
  const network = loadNetwork(settings.networkFile);
  console.log(`  logs: ${join(settings.runDir, 'logs')}`);
  console.log(
    `  RabbitMQ UI: ${settings.managementUrl} — read-only login ${monitoringUserName(network.prefix)} / ` +
      `${loadPeopleSecrets(settings.keysDir).monitoringPassword} (.keys/secrets.json)`,
  );
  if (state.console) console.log(`  console: ${state.console.url}`);
};

const status = async (): Promise<void> => {
  const state = readState();
  if (!state) return console.log('network: not running');
  for (const s of state.services)
    console.log(`  ${s.id.padEnd(12)} ${(await healthy(s)) ? 'up  ' : 'DOWN'} ${s.url}`);
  if (state.console)
    console.log(
      `  ${'console'.padEnd(12)} ${alive(state.console.pid) ? 'up  ' : 'DOWN'} ${state.console.url}`,
    );
};

const program = new Command('network')
  .description('The local network (switch, PSPs, banks) as background processes.')
  .addHelpText('after', LOCAL_SETTINGS_HELP);
const run = (action: () => Promise<void>) => async (): Promise<void> => {
  try {
    await action();
  } catch (error) {
    console.error(`network: ${(error as Error).message}`);
    process.exit(1);
  }
};
program
  .command('up')
  .description(
    'start every service and wait for its /health (SY_* service settings pass through, e.g. SY_DEBIT_TIMEOUT_MS)',
  )
  .action(run(up));
program.command('down').description('stop every service').action(run(down));
program.command('status').description("each service's health").action(run(status));
await program.parseAsync();
