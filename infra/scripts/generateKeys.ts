/**
 * `node infra/scripts/generateKeys.ts [--dir D] [--network infra/network.json] [--rotate participant]…
 *  [--retire participant/keyId]…` — creates a first key generation for every participant of the network
 * that has none (idempotent), a new generation for each `--rotate`d participant, and marks `--retire`d
 * generations retired. Prints key ids and files only: never key material.
 */
import { parseArgs } from 'node:util';
import { generateKeys, retireKey } from '@switchyard/contracts';
import { localSettings } from '../src/launcher/settings.ts';
import { loadNetwork, participantsOf } from '../src/network.ts';

const settings = localSettings(); // defaults: <repo>/.keys and infra/network.json, or SY_KEYS_DIR / SY_NETWORK_FILE

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: settings.keysDir },
    network: { type: 'string', default: settings.networkFile },
    rotate: { type: 'string', multiple: true, default: [] },
    retire: { type: 'string', multiple: true, default: [] },
  },
  strict: true,
});

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
