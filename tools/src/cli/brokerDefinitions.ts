/**
 * `node tools/src/cli/brokerDefinitions.ts [--out <file>]` — before a broker that imports definitions at boot
 * starts (docker-compose's `keys` step): makes sure every participant has keys and setup secrets (as
 * bootstrap does), then writes the users-and-permissions definitions (network/brokerDefinitions.ts) — each
 * participant's least-privilege user, the read-only monitoring login and the admin of SY_AMQP_URL — with
 * salted password hashes only. Never committed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { generateKeys } from '@switchyard/contracts';
import { loadNetwork, monitoringUserName, participantsOf, vhostOf } from '@switchyard/infra';
import { brokerUserDefinitions } from '../network/brokerDefinitions.ts';
import { ensureSecrets } from '../network/secrets.ts';
import { LOCAL_SETTINGS_HELP, localSettings } from '../config.ts';

const settings = localSettings();
const values = new Command('brokerDefinitions')
  .description(
    'Ensure keys and setup secrets, then write the RabbitMQ users-and-permissions definitions file (one ' +
      'least-privilege user per participant, the read-only monitoring login, the admin of SY_AMQP_URL), for a ' +
      'broker that imports definitions at boot. Password hashes only.',
  )
  .option(
    '--out <file>',
    'where to write the definitions (JSON)',
    join(settings.runDir, 'rabbitmq', 'users.json'),
  )
  .addHelpText('after', LOCAL_SETTINGS_HELP)
  .parse()
  .opts<{ out: string }>();

const network = loadNetwork(settings.networkFile);
await generateKeys({ dir: settings.keysDir, participants: participantsOf(network) });
await ensureSecrets(settings.keysDir, network);
const admin = new URL(settings.amqpUrl);
const definitions = brokerUserDefinitions({
  network,
  keysDir: settings.keysDir,
  vhost: vhostOf(settings.amqpUrl),
  admin: { name: decodeURIComponent(admin.username), password: decodeURIComponent(admin.password) },
});
await mkdir(dirname(values.out), { recursive: true });
// Readable by the broker's own user (hashes only): the broker runs as another user than the one writing it.
await writeFile(values.out, `${JSON.stringify(definitions, null, 2)}\n`, { mode: 0o644 });
console.log(
  `brokerDefinitions: ${definitions.users.length} users (monitoring login ${monitoringUserName(network.prefix)}) in ${values.out}`,
);
