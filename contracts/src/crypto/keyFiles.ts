/**
 * Keys for services: load the public directory and a participant's own private keys from the keys folder
 * (layout in keyStore.ts), generate and retire keys (generateKeys.ts), and in-memory keys for tests.
 */
import { CryptoError } from './errors.ts';
import { createKeyDirectory } from './keyDirectory.ts';
import { publicEntriesOf, privateEntriesOf, readDirectoryJson, readPrivateJson } from './keyStore.ts';
import { keyOrdinal } from './participantKeys.ts';
import type { KeyDirectory, OwnKeys } from './types.ts';

export { createKeyDirectory } from './keyDirectory.ts';
export { generateParticipantKeys, type ParticipantKeys } from './participantKeys.ts';
export { DEFAULT_KEYS_DIR, KEY_GENERATIONS_MAX, participantKeysDir } from './keyStore.ts';
export {
  ACTIVATE_AFTER_MS_DEFAULT,
  RETIRE_AFTER_MS_DEFAULT,
  generateKeys,
  retireKey,
  type GenerateKeysInput,
  type RetireKeyInput,
} from './generateKeys.ts';
export { KEY_RELOAD_INTERVAL_MS_DEFAULT } from './keyReload.ts';
export { isRetiredAt, isUsableAt } from './keyDirectory.ts';
export { createTestKeys, type TestKeys } from './testKeys.ts';

/**
 * The public key directory in `<dir>/directory.json`.
 * @throws CryptoError CONTRACTS_ERR_KEY_FILE (missing or malformed file), CONTRACTS_ERR_KEY_STATE.
 */
export const loadKeyDirectory = (dir: string): KeyDirectory =>
  createKeyDirectory(publicEntriesOf(readDirectoryJson(dir)));

/**
 * `participant`'s own key generations from `<dir>/private/<participant>.json`, newest first (what a Sealer
 * seals with). Retirement lives in the directory, so retired generations are still returned.
 * @throws CryptoError CONTRACTS_ERR_KEY_FILE (missing or malformed file), CONTRACTS_ERR_KEY_STATE (no keys).
 */
export const loadOwnKeys = (dir: string, participant: string): OwnKeys => {
  const json = readPrivateJson(dir, participant)!;
  const keys = privateEntriesOf(json).sort((a, b) => keyOrdinal(b.keyId) - keyOrdinal(a.keyId));
  if (keys.length === 0) throw new CryptoError('CONTRACTS_ERR_KEY_STATE', `${participant} holds no key`);
  return { participant, keys };
};
