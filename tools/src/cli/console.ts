/**
 * `make console`: the network console — a web page, live over WebSocket: payments/s, success rate, TD/BD
 * shares and end-to-end latency percentiles as charts, declines by code, each bank's health and breaker,
 * each service's outbox, queue and DLQ depth, a feed of recent payments (click one for its hops and what
 * the customer sees), and the failure-injection rules of every service, which it can set and clear.
 *   node tools/src/cli/console.ts [--port 7300] [--host 127.0.0.1] [--interval 1]
 */
import { Command } from 'commander';
import { createLogger, loadNetwork } from '@switchyard/infra';
import { numberArgument } from '../commandLine/numberArgument.ts';
import { startConsole } from '../console/consoleServer.ts';
import { ensureWebBuilt } from '../console/webAssets.ts';
import { servicesOf } from '../network/launchNetwork.ts';
import { operatorKeysOf } from '../network/secrets.ts';
import { serviceUrl } from '../network/serviceUrl.ts';
import { createTraceSources } from '../trace/collectTrace.ts';
import { LOCAL_SETTINGS_HELP, localSettings, toolSettings } from '../config.ts';

const tools = toolSettings();
const values = new Command('console')
  .description(
    'The network console in the browser: live charts (payments/s, success, TD/BD, latency), declines by ' +
      "code, banks' health and breakers, outbox/queue/DLQ depths, recent payments with their hops, and " +
      'failure-injection rules to set and clear. It has no login: it listens on 127.0.0.1 by default.',
  )
  .option(
    '--port <port>',
    'listen on this port (0: any free port)',
    numberArgument({ integer: true }),
    tools.consolePort,
  )
  .option('--host <host>', 'listen on this address', tools.consoleHost)
  .option('--interval <seconds>', 'refresh every this many seconds', numberArgument({ min: 0.25 }), 1)
  .addHelpText(
    'after',
    `${LOCAL_SETTINGS_HELP}\n  SY_CONSOLE_HOST           the console's address (127.0.0.1)\n  SY_CONSOLE_PORT           its port (7300)`,
  )
  .parse()
  .opts<{ port: number; host: string; interval: number }>();

const settings = localSettings();
const network = loadNetwork(settings.networkFile);
const log = createLogger({ name: 'console', level: 'warn' });
const ports = new Map(servicesOf(network).map((s) => [s.id, s.port]));
const traceSources = createTraceSources({
  network,
  postgresUrl: settings.postgresUrl,
  amqpUrl: settings.amqpUrl,
});
const running = await startConsole({
  network,
  urlOf: (participant) => serviceUrl(participant, ports.get(participant)!),
  operatorKeys: operatorKeysOf(settings.keysDir),
  amqpUrl: settings.amqpUrl,
  traceSources,
  webDir: await ensureWebBuilt((message) => console.log(message)),
  log,
  host: values.host,
  port: values.port,
  intervalMs: values.interval * 1000,
});
console.log(`console: ${running.url}`);

const shutdown = async (): Promise<void> => {
  await running.close();
  await traceSources.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
