/**
 * `make definitions` / `node tools/src/cli/brokerDefinitions.ts [--dir <folder>]` — before a broker that
 * imports definitions at boot starts (docker-compose's `keys` step): makes sure every participant has keys
 * and setup secrets (as bootstrap does), then writes the broker's definitions folder:
 *   users.json     each participant's least-privilege user, the read-only monitoring login and the admin of
 *                  SY_AMQP_URL (network/brokerDefinitions.ts), salted password hashes only;
 *   topology.json  the exchanges, queues and bindings the services assert (network/rabbitDefinitions.ts).
 * Generated, never committed: the users come from this machine's secrets.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { generateKeys } from '@switchyard/contracts';
import { buildTopology, loadNetwork, monitoringUserName, participantsOf, vhostOf } from '@switchyard/infra';
import { brokerUserDefinitions } from '../network/brokerDefinitions.ts';
import { topologyDefinitions } from '../network/rabbitDefinitions.ts';
import { ensureSecrets } from '../network/secrets.ts';
import { LOCAL_SETTINGS_HELP, localSettings } from '../config.ts';

const settings = localSettings();
const values = new Command('brokerDefinitions')
  .description(
    "Ensure keys and setup secrets, then write the RabbitMQ definitions folder a broker imports at boot: users.json (one least-privilege user per participant, the read-only monitoring login, the admin of SY_AMQP_URL; password hashes only) and topology.json (the network's exchanges, queues and bindings).",
  )
  .option('--dir <folder>', 'where to write the two files', join(settings.runDir, 'rabbitmq'))
  .addHelpText('after', LOCAL_SETTINGS_HELP)
  .parse()
  .opts<{ dir: string }>();

const network = loadNetwork(settings.networkFile);
await generateKeys({ dir: settings.keysDir, participants: participantsOf(network) });
await ensureSecrets(settings.keysDir, network);
const admin = new URL(settings.amqpUrl);
const vhost = vhostOf(settings.amqpUrl);
const users = brokerUserDefinitions({
  network,
  keysDir: settings.keysDir,
  vhost,
  admin: { name: decodeURIComponent(admin.username), password: decodeURIComponent(admin.password) },
});
const topology = topologyDefinitions(
  buildTopology({ prefix: network.prefix, participants: participantsOf(network) }),
  vhost,
);
await mkdir(values.dir, { recursive: true });
// Readable by the broker's own user (hashes only): the broker runs as another user than the one writing it.
const write = (name: string, value: unknown): Promise<void> =>
  writeFile(join(values.dir, name), `${JSON.stringify(value, null, 2)}\n`, { mode: 0o644 });
await write('users.json', users);
await write('topology.json', topology);
console.log(
  `brokerDefinitions: ${users.users.length} users (monitoring login ${monitoringUserName(network.prefix)}), ` +
    `${topology.exchanges.length} exchanges, ${topology.queues.length} queues in ${values.dir}`,
);
