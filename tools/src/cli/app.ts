/**
 * `make up` starts the customer's UPI app next to the network: `node tools/src/cli/app.ts up` builds the web
 * page (Vite), starts the app server in the background (it outlives the command, like the services) and
 * prints the address of each demo customer's app. `serve` runs the server in the foreground; `down` stops
 * it; `urls` prints the addresses again. State in .run/app.json, log in .run/logs/app.log.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { startAppServer } from '@switchyard/app/server';
import { loadNetwork } from '@switchyard/infra';
import { appAddressFor, appServerOptionsFor, buildWebApp } from '../app/webApp.ts';
import { LOCAL_SETTINGS_HELP, REPO_ROOT, localSettings, toolSettings } from '../config.ts';
import { loadDemoCustomers } from '../demo/demoCustomers.ts';
import { waitForHealth } from '../network/launchNetwork.ts';
import { serviceUrl } from '../network/serviceUrl.ts';

const settings = localSettings();
const tools = toolSettings();
const stateFile = join(settings.runDir, 'app.json');
type State = { pid: number; url: string };
const appUrl = `http://${tools.appHost}:${tools.appPort}`;

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

const printUrls = (url: string): void => {
  const network = loadNetwork(settings.networkFile);
  console.log(`\nthe UPI app (${url}): open a customer's phone`);
  for (const customer of loadDemoCustomers())
    console.log(`  ${customer.vpaUser.padEnd(8)} ${appAddressFor(url, customer, network)}`);
  console.log('  (any other number: the same address with ?phone=<10 digits>; their SMS appear in the page)');
};

const serve = async (): Promise<void> => {
  const network = loadNetwork(settings.networkFile);
  const server = await startAppServer(
    appServerOptionsFor(network, {
      urlOf: (id) => serviceUrl(id, network.psps.find((p) => p.id === id)!.httpPort),
      amqpUrl: settings.amqpUrl,
      port: tools.appPort,
      host: tools.appHost,
    }),
  );
  console.log(`app server: ${server.url}`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
};

const up = async (): Promise<void> => {
  const state = readState();
  if (state && alive(state.pid)) {
    console.log(`app: already running (pid ${state.pid})`);
    return printUrls(state.url);
  }
  console.log('app: building the web app …');
  buildWebApp();
  const logsDir = join(settings.runDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const out = openSync(join(logsDir, 'app.log'), 'a');
  const child = spawn(process.execPath, [join(REPO_ROOT, 'tools/src/cli/app.ts'), 'serve'], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  child.unref();
  await waitForHealth(appUrl, 30_000, child);
  writeFileSync(stateFile, JSON.stringify({ pid: child.pid!, url: appUrl } satisfies State, null, 2));
  printUrls(appUrl);
};

const down = async (): Promise<void> => {
  const state = readState();
  if (!state) return console.log('app: not running');
  if (alive(state.pid)) process.kill(state.pid, 'SIGTERM');
  for (let i = 0; i < 50 && alive(state.pid); i += 1) await new Promise((r) => setTimeout(r, 100));
  rmSync(stateFile, { force: true });
  console.log('app: stopped');
};

const run = (action: () => Promise<void>) => async (): Promise<void> => {
  try {
    await action();
  } catch (error) {
    console.error(`app: ${(error as Error).message}`);
    process.exit(1);
  }
};
const program = new Command('app')
  .description("The customer's UPI app: a web page per PSP (/zap/, /kite/) and its server.")
  .addHelpText(
    'after',
    `${LOCAL_SETTINGS_HELP}\n  SY_APP_PORT               the app server's port (7400)\n  SY_APP_HOST               its address (127.0.0.1)`,
  );
program
  .command('up')
  .description('build the web app, start its server in the background, print the addresses')
  .action(run(up));
program.command('serve').description('run the app server in the foreground').action(run(serve));
program.command('down').description('stop the app server').action(run(down));
program
  .command('urls')
  .description("print each demo customer's app address")
  .action(run(async () => printUrls(readState()?.url ?? appUrl)));
await program.parseAsync();
