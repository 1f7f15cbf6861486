/**
 * `make definitions`: writes the network's RabbitMQ topology (infra's buildTopology for the network file)
 * and its users as a RabbitMQ definitions file — docker-compose's broker loads it at boot
 * (docker/rabbitmq/definitions.json). Users and permissions come from --users (a JSON array of
 * { name, password, tags, permissions: { configure, write, read } }), else guest with every permission.
 *   node tools/src/cli/definitions.ts [--out docker/rabbitmq/definitions.json] [--users users.json] [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { buildTopology, loadNetwork, participantsOf } from '@switchyard/infra';
import { LOCAL_SETTINGS_HELP, localSettings, REPO_ROOT } from '../config.ts';
import {
  DEFAULT_DEFINITIONS_USERS,
  rabbitDefinitions,
  type DefinitionsUser,
} from '../network/rabbitDefinitions.ts';

const values = new Command('definitions')
  .description(
    "The network's RabbitMQ topology (exchanges, queues with their arguments, bindings) and users as a " +
      'RabbitMQ definitions file, for a broker that loads it at boot (docker-compose) or an import.',
  )
  .option('--out <file>', 'where to write it', join(REPO_ROOT, 'docker/rabbitmq/definitions.json'))
  .option('--users <file>', 'users and permissions (JSON array); default: guest with every permission')
  .option('--check', 'write nothing: exit 1 when the file differs from what it would be')
  .addHelpText('after', LOCAL_SETTINGS_HELP)
  .parse()
  .opts<{ out: string; users?: string; check?: boolean }>();

const network = loadNetwork(localSettings().networkFile);
const users = values.users
  ? (JSON.parse(readFileSync(values.users, 'utf8')) as DefinitionsUser[])
  : DEFAULT_DEFINITIONS_USERS;
const text = `${JSON.stringify(
  rabbitDefinitions({
    topology: buildTopology({ prefix: network.prefix, participants: participantsOf(network) }),
    users,
  }),
  null,
  2,
)}\n`;
if (values.check) {
  let current = '';
  try {
    current = readFileSync(values.out, 'utf8');
  } catch {
    // missing: differs
  }
  if (current !== text) {
    console.error(`definitions: ${values.out} is stale; run make definitions`);
    process.exit(1);
  }
  console.log(`definitions: ${values.out} is current`);
} else {
  writeFileSync(values.out, text);
  console.log(`definitions: wrote ${values.out} (${users.length} user(s))`);
}
