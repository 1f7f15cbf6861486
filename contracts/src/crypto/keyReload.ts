/**
 * A participant's keys that follow its keys folder without a restart: the public directory and its own
 * private file are re-read when they change on disk (generateKeys/retireKey replace them atomically).
 *
 * The check is lazy: a lookup stats both files when the last check is older than `reloadIntervalMs`, and a
 * lookup that misses (an unknown key id) checks at once — so a peer's new key, published ahead of its
 * activation (generateKeys.ts), is known before anyone uses it, and a message sealed for a key the participant
 * has just been given still opens. A file that cannot be read or parsed leaves the last good keys in place.
 */
import { statSync } from 'node:fs';
import { createKeyDirectory } from './keyDirectory.ts';
import {
  directoryFileOf,
  privateEntriesOf,
  privateFileOf,
  publicEntriesOf,
  readDirectoryJson,
  readPrivateJson,
} from './keyStore.ts';
import { keyOrdinal } from './participantKeys.ts';
import { CryptoError } from './errors.ts';
import type { KeyDirectory, OwnKeys, PrivateKeyEntry } from './types.ts';

/** How stale a service's view of its keys folder may get (rotation delays are several times this). */
export const KEY_RELOAD_INTERVAL_MS_DEFAULT = 1_000;
/** A missed lookup re-checks at most this often (a flood of unknown key ids costs one stat per period). */
const MISS_RECHECK_MS = 100;

type Snapshot = { directory: KeyDirectory; ownKeys: PrivateKeyEntry[]; signature: string };

export type ReloadingKeys = {
  directory: KeyDirectory;
  /** Its `keys` are the current generations, newest first. */
  own: OwnKeys;
  /** Re-reads the files now if they changed; true when something new was loaded. */
  reload(): boolean;
};

/**
 * @param dir the participant's keys folder (directory.json + private/<participant>.json)
 * @throws CryptoError CONTRACTS_ERR_KEY_FILE / CONTRACTS_ERR_KEY_STATE when the files are missing or invalid
 *   at the first load (later failures keep the last good keys)
 */
export const loadReloadingKeys = (
  dir: string,
  participant: string,
  reloadIntervalMs = KEY_RELOAD_INTERVAL_MS_DEFAULT,
): ReloadingKeys => {
  const files = [directoryFileOf(dir), privateFileOf(dir, participant)];
  const signatureOf = (): string =>
    files
      .map((file) => {
        const stat = statSync(file, { throwIfNoEntry: false });
        return stat === undefined ? '-' : `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
      })
      .join('|');
  const read = (): Snapshot => {
    const signature = signatureOf();
    const ownKeys = privateEntriesOf(readPrivateJson(dir, participant)!).sort(
      (a, b) => keyOrdinal(b.keyId) - keyOrdinal(a.keyId),
    );
    if (ownKeys.length === 0) throw new CryptoError('CONTRACTS_ERR_KEY_STATE', `${participant} holds no key`);
    return { directory: createKeyDirectory(publicEntriesOf(readDirectoryJson(dir))), ownKeys, signature };
  };
  let snapshot = read();
  let checkedAt = Date.now();

  const reload = (): boolean => {
    checkedAt = Date.now();
    if (signatureOf() === snapshot.signature) return false;
    try {
      snapshot = read();
      return true;
    } catch {
      return false; // mid-rotation by hand, or a broken file: keep the last good keys, try again later
    }
  };
  const fresh = (): Snapshot => {
    if (Date.now() - checkedAt >= reloadIntervalMs) reload();
    return snapshot;
  };
  const onMiss = (): Snapshot => {
    if (Date.now() - checkedAt >= MISS_RECHECK_MS) reload();
    return snapshot;
  };

  const directory: KeyDirectory = {
    lookup(owner, keyId) {
      return fresh().directory.lookup(owner, keyId) ?? onMiss().directory.lookup(owner, keyId);
    },
    current: (owner, now) => fresh().directory.current(owner, now),
    participants: () => fresh().directory.participants(),
  };
  const own: OwnKeys = {
    participant,
    get keys() {
      return fresh().ownKeys;
    },
  };
  return { directory, own, reload };
};
