/**
 * Runs one participant of the default network in this process (used by docker-compose): derives the
 * service's environment from infra/network.json and SY_PARTICIPANT — its own keys folder only, the broker
 * without the admin's login — then loads the role's main.ts. `node tools/src/cli/serve.ts` with SY_PARTICIPANT=psp.zap (etc.).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { participantKeysDir } from '@switchyard/contracts';
import { databaseUrl, loadNetwork } from '@switchyard/infra';
import { servicesOf, withoutLogin } from '../network/launchNetwork.ts';
import {
  LOCAL_SETTINGS_HELP,
  localSettings,
  REPO_ROOT,
  setServiceEnvironment,
  toolSettings,
} from '../config.ts';

const program = new Command('serve')
  .description(
    'Run one participant of the default network in this process (docker compose): its environment comes ' +
      'from the network file and SY_PARTICIPANT (or the argument); it is given only its own keys folder ' +
      "(keys, secrets, broker login) and the broker's address without the admin's login. Then the role's main.ts.",
  )
  .argument('[participant]', 'switch, psp.zap, … (default: SY_PARTICIPANT)')
  .addHelpText('after', LOCAL_SETTINGS_HELP)
  .parse();

const settings = localSettings();
const participant = toolSettings().participant ?? (program.processedArgs[0] as string | undefined);
const network = loadNetwork(settings.networkFile);
const spec = servicesOf(network).find((s) => s.id === participant);
if (!spec) {
  console.error(
    `serve: unknown participant ${participant}; known: ${servicesOf(network)
      .map((s) => s.id)
      .join(', ')}`,
  );
  process.exit(2);
}
setServiceEnvironment({
  SY_PARTICIPANT: spec.id,
  SY_DATABASE_URL: databaseUrl(settings.postgresUrl, spec.database),
  SY_AMQP_URL: withoutLogin(settings.amqpUrl),
  SY_PREFIX: network.prefix,
  SY_KEYS_DIR: participantKeysDir(settings.keysDir, spec.id),
  SY_NETWORK_FILE: settings.networkFile,
  SY_HTTP_PORT: String(spec.port),
});
await import(pathToFileURL(join(REPO_ROOT, spec.role, 'src/main.ts')).href);
