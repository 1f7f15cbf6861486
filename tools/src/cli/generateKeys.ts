/**
 * `make keys`: `node tools/src/cli/generateKeys.ts [--dir D] [--network infra/network.json]
 *  [--rotate participant]… [--retire participant/keyId]…` — creates a first key generation for every participant of the network
 * that has none (idempotent), a new generation for each `--rotate`d participant, and marks `--retire`d
 * generations retired. Prints key ids and files only: never key material.
 */
import { Command } from 'commander';
import { generateKeys, retireKey } from '@switchyard/contracts';
import { loadNetwork, participantsOf } from '@switchyard/infra';
import { LOCAL_SETTINGS_HELP, localSettings } from '../config.ts';

const settings = localSettings(); // defaults: <repo>/.keys and infra/network.json, or SY_KEYS_DIR / SY_NETWORK_FILE
const collect = (value: string, previous: string[]): string[] => [...previous, value];

const values = new Command('generateKeys')
  .description(
    'Create a first key generation for every participant of the network that has none (idempotent), a ' +
      'new generation for each --rotate, and retire each --retire. Prints key ids and files, never key material.',
  )
  .option('--dir <dir>', 'the keys folder', settings.keysDir)
  .option('--network <file>', 'the network file', settings.networkFile)
  .option('--rotate <participant>', 'a new key generation for this participant (repeatable)', collect, [])
  .option('--retire <participant/keyId>', 'mark this generation retired (repeatable)', collect, [])
  .addHelpText('after', LOCAL_SETTINGS_HELP)
  .parse()
  .opts<{ dir: string; network: string; rotate: string[]; retire: string[] }>();

const participants = participantsOf(loadNetwork(values.network));
const now = new Date();
const { created } = await generateKeys({ dir: values.dir, participants, rotate: values.rotate, now });
console.log(
  created.length === 0
    ? `keys: all ${participants.length} participants already have keys in ${values.dir}`
    : `keys: created ${created.join(', ')} in ${values.dir}`,
);

for (const target of values.retire) {
  const [participant, keyId] = target.split('/');
  if (participant === undefined || keyId === undefined)
    throw new Error(`--retire expects participant/keyId, got ${target}`);
  await retireKey({ dir: values.dir, participant, keyId, now });
  console.log(`keys: retired ${participant}/${keyId}`);
}
