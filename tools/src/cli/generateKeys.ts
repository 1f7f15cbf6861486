/**
 * `make keys`: `node tools/src/cli/generateKeys.ts [--dir D] [--network infra/network.json]
 *  [--rotate participant]… [--activate-after ms] [--retire participant/keyId]… [--retire-after ms]` — creates a
 * first key generation for every participant of the network that has none (idempotent), a new generation for
 * each `--rotate`d participant, and schedules the retirement of each `--retire`d generation. Prints key ids,
 * files and instants only: never key material.
 *
 * Rotation without a restart (every service reloads its keys folder within a second):
 *   1. `--rotate bank.lotus` publishes bank.lotus's next key now; everyone starts using it `--activate-after`
 *      ms later (default 10 s), once every service has learnt it;
 *   2. after that, `--retire bank.lotus/k1`: the old key is refused `--retire-after` ms later (default 30 s);
 *      meanwhile relays re-seal what they still hold for it. Retiring before the new key is active is refused.
 */
import { Command } from 'commander';
import {
  ACTIVATE_AFTER_MS_DEFAULT,
  RETIRE_AFTER_MS_DEFAULT,
  generateKeys,
  loadKeyDirectory,
  retireKey,
} from '@switchyard/contracts';
import { loadNetwork, participantsOf } from '@switchyard/infra';
import { numberArgument } from '../commandLine/numberArgument.ts';
import { LOCAL_SETTINGS_HELP, localSettings } from '../config.ts';

const settings = localSettings(); // defaults: <repo>/.keys and infra/network.json, or SY_KEYS_DIR / SY_NETWORK_FILE
const collect = (value: string, previous: string[]): string[] => [...previous, value];

const values = new Command('generateKeys')
  .description(
    'Create a first key generation for every participant of the network that has none (idempotent), a ' +
      'new generation for each --rotate (published now, used from --activate-after), and retire each ' +
      '--retire (from --retire-after). Prints key ids and files, never key material.',
  )
  .option('--dir <dir>', 'the network keys folder', settings.keysDir)
  .option('--network <file>', 'the network file', settings.networkFile)
  .option('--rotate <participant>', 'a new key generation for this participant (repeatable)', collect, [])
  .option(
    '--activate-after <ms>',
    'a rotated key is used from this many ms on (peers learn it first)',
    numberArgument({ min: 0, integer: true }),
    ACTIVATE_AFTER_MS_DEFAULT,
  )
  .option('--retire <participant/keyId>', 'retire this generation (repeatable)', collect, [])
  .option(
    '--retire-after <ms>',
    'a retired key is refused from this many ms on (relays re-seal what they hold first)',
    numberArgument({ min: 0, integer: true }),
    RETIRE_AFTER_MS_DEFAULT,
  )
  .addHelpText('after', LOCAL_SETTINGS_HELP)
  .parse()
  .opts<{
    dir: string;
    network: string;
    rotate: string[];
    activateAfter: number;
    retire: string[];
    retireAfter: number;
  }>();

const participants = participantsOf(loadNetwork(values.network));
const now = new Date();
try {
  const { created } = await generateKeys({
    dir: values.dir,
    participants,
    rotate: values.rotate,
    activateAfterMs: values.activateAfter,
    now,
  });
  const directory = loadKeyDirectory(values.dir);
  console.log(
    created.length === 0
      ? `keys: all ${participants.length} participants already have keys in ${values.dir}`
      : `keys: created ${created
          .map((id) => {
            const [participant, keyId] = id.split('/');
            const activatesAt = directory.lookup(participant, keyId)?.activatesAt;
            return activatesAt === undefined ? id : `${id} (used from ${activatesAt})`;
          })
          .join(', ')} in ${values.dir}`,
  );
  for (const target of values.retire) {
    const [participant, keyId] = target.split('/');
    if (participant === undefined || keyId === undefined)
      throw new Error(`--retire expects participant/keyId, got ${target}`);
    await retireKey({ dir: values.dir, participant, keyId, now, retireAfterMs: values.retireAfter });
    console.log(
      `keys: ${participant}/${keyId} retired from ${String(loadKeyDirectory(values.dir).lookup(participant, keyId)?.retiredAt)}`,
    );
  }
} catch (error) {
  console.error(`generateKeys: ${(error as Error).message}`);
  process.exit(1);
}
