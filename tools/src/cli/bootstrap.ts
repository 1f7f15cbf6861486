/** `make bootstrap` (the first step of `make up` and `make test`): see network/bootstrapNetwork.ts. */
import { Command } from 'commander';
import { bootstrapNetwork } from '../network/bootstrapNetwork.ts';
import { LOCAL_SETTINGS_HELP, localSettings } from '../config.ts';

new Command('bootstrap')
  .description(
    'Make this machine ready to run Switchyard, idempotently: PostgreSQL and RabbitMQ answer (local ones ' +
      'are started), keys and setup secrets exist in .keys/, every service database exists and is migrated.',
  )
  .addHelpText('after', LOCAL_SETTINGS_HELP)
  .parse();

try {
  await bootstrapNetwork(localSettings(), (line) => console.log(`bootstrap: ${line}`));
} catch (error) {
  console.error(`bootstrap failed: ${(error as Error).message}`);
  process.exit(1);
}
