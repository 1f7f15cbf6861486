/**
 * Key generation and rotation on disk, for a whole network (layout: keyStore.ts). One writer at a time: run
 * it from the CLI (tools/src/cli/generateKeys.ts) or a test, not concurrently.
 *
 * Rotation without restarting anything (services reload their keys folder: keyReload.ts):
 *  1. `generateKeys({ rotate: [P], activateAfterMs })` writes P's new private key first, then PUBLISHES the
 *     new public key with activatesAt = now + activateAfterMs. Until then peers know it (they open messages
 *     sealed with it or for it) but nobody uses it.
 *  2. At activatesAt every peer has reloaded the directory and P its private file: P seals with the new key,
 *     peers seal for it. Messages already sealed with or for the old key still open.
 *  3. `retireKey({ retireAfterMs })` schedules the old key's retirement. Relays re-seal outbox rows that use a
 *     retiring key (outbox relayBatch.ts) before they publish them; from retiredAt the old key is refused.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { generateParticipantKeys, nextKeyId } from './participantKeys.ts';
import { CryptoError } from './errors.ts';
import { createKeyDirectory, isUsableAt } from './keyDirectory.ts';
import {
  KEY_GENERATIONS_MAX,
  directoryFileOf,
  participantKeysDir,
  privateFileOf,
  privateJsonOf,
  publicEntriesOf,
  publicJsonOf,
  readDirectoryJson,
  readPrivateJson,
  writeDirectoryJson,
  writePrivateJson,
  type DirectoryJson,
  type PrivateJson,
} from './keyStore.ts';

export type GenerateKeysInput = {
  /** The network's keys folder. */
  dir: string;
  participants: readonly string[];
  now?: Date;
  rotate?: readonly string[];
  /** A rotated key is published now and used from now + this (0: at once). Default ACTIVATE_AFTER_MS_DEFAULT. */
  activateAfterMs?: number;
};

/** Long enough for every service to reload its keys folder (KEY_RELOAD_INTERVAL_MS_DEFAULT) several times. */
export const ACTIVATE_AFTER_MS_DEFAULT = 10_000;
/** Time for every relay to re-seal what it holds and for messages on the wire to be consumed. */
export const RETIRE_AFTER_MS_DEFAULT = 30_000;

/** The key ids of a participant's private file and directory entries must match. */
const assertConsistent = (
  participant: string,
  publicIds: string[],
  privateIds: string[] | undefined,
): void => {
  const same =
    privateIds !== undefined &&
    publicIds.length === privateIds.length &&
    publicIds.every((id) => privateIds.includes(id));
  if (publicIds.length === 0 && privateIds === undefined) return;
  if (!same) {
    throw new CryptoError(
      'CONTRACTS_ERR_KEY_STATE',
      `${participant}: directory.json and ${participant}/private/${participant}.json disagree`,
    );
  }
};

/** Moves a private file of the old flat layout (`<dir>/private/<p>.json`) into the participant's own folder. */
const migrateLegacyPrivateFile = async (dir: string, participant: string): Promise<void> => {
  const legacy = privateFileOf(dir, participant);
  const target = privateFileOf(participantKeysDir(dir, participant), participant);
  if (!existsSync(legacy) || existsSync(target)) return;
  await mkdir(join(participantKeysDir(dir, participant), 'private'), { recursive: true, mode: 0o700 });
  await rename(legacy, target);
  await rmdir(join(dir, 'private')).catch(() => undefined); // only once empty
};

/**
 * Writes the public directory to every participant's keys folder, then to the master: what "publish" means.
 * A copy already equal to the directory is left untouched.
 */
const publishDirectory = async (dir: string, directory: DirectoryJson): Promise<void> => {
  const text = `${JSON.stringify(directory, null, 2)}\n`;
  for (const participant of Object.keys(directory)) {
    const copyDir = participantKeysDir(dir, participant);
    const file = directoryFileOf(copyDir);
    if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
    await mkdir(copyDir, { recursive: true, mode: 0o700 });
    await writeDirectoryJson(copyDir, directory);
  }
  if (!existsSync(directoryFileOf(dir)) || readFileSync(directoryFileOf(dir), 'utf8') !== text)
    await writeDirectoryJson(dir, directory);
};

/**
 * Creates a first key generation (`k1`, usable at once) for each participant that has none, and a new
 * generation for each participant in `rotate`, published now and activated `activateAfterMs` later (old
 * generations stay valid until retired). Idempotent without `rotate`. Private files are written before the
 * directory, so no directory ever lists a key nobody holds.
 * @returns the generations created, as `participant/keyId`.
 * @throws CryptoError CONTRACTS_ERR_KEY_FILE (unreadable files), CONTRACTS_ERR_KEY_STATE (files disagree,
 *   rotating an unknown participant, more than KEY_GENERATIONS_MAX generations).
 */
export const generateKeys = async (input: GenerateKeysInput): Promise<{ created: string[] }> => {
  const now = input.now ?? new Date();
  const activateAfterMs = input.activateAfterMs ?? ACTIVATE_AFTER_MS_DEFAULT;
  const directory: DirectoryJson = readDirectoryJson(input.dir, true);
  const rotate = new Set(input.rotate ?? []);
  for (const participant of rotate) {
    if (!input.participants.includes(participant) && directory[participant] === undefined) {
      throw new CryptoError('CONTRACTS_ERR_KEY_STATE', `cannot rotate unknown participant ${participant}`);
    }
  }
  const created: string[] = [];
  const privateFiles: PrivateJson[] = [];
  for (const participant of new Set([...input.participants, ...Object.keys(directory), ...rotate])) {
    await migrateLegacyPrivateFile(input.dir, participant);
    const publicKeys = directory[participant] ?? [];
    const privateFile = readPrivateJson(participantKeysDir(input.dir, participant), participant, true);
    assertConsistent(
      participant,
      publicKeys.map((key) => key.keyId),
      privateFile?.keys.map((key) => key.keyId),
    );
    if (publicKeys.length > 0 && !rotate.has(participant)) continue;
    if (publicKeys.length >= KEY_GENERATIONS_MAX) {
      throw new CryptoError(
        'CONTRACTS_ERR_KEY_STATE',
        `${participant} already has ${KEY_GENERATIONS_MAX} key generations`,
      );
    }
    const keyId = nextKeyId(publicKeys.map((key) => key.keyId));
    const { publicEntry, privateEntry } = generateParticipantKeys(participant, keyId, now);
    if (publicKeys.length > 0 && activateAfterMs > 0)
      publicEntry.activatesAt = new Date(now.getTime() + activateAfterMs).toISOString();
    directory[participant] = [...publicKeys, publicJsonOf(publicEntry)];
    privateFiles.push({
      participant,
      keys: [...(privateFile?.keys ?? []), privateJsonOf(privateEntry, publicEntry.createdAt)],
    });
    created.push(`${participant}/${keyId}`);
  }
  for (const privateFile of privateFiles)
    await writePrivateJson(participantKeysDir(input.dir, privateFile.participant), privateFile);
  await publishDirectory(input.dir, directory);
  return { created };
};

export type RetireKeyInput = {
  /** The network's keys folder. */
  dir: string;
  participant: string;
  keyId: string;
  now: Date;
  /** Retired from now + this (0: at once). Default 0; the CLI passes RETIRE_AFTER_MS_DEFAULT. */
  retireAfterMs?: number;
};

/**
 * Marks a key generation retired from now + retireAfterMs in the directory: from then on openers refuse
 * envelopes sealed with it (unknown_key) or for it (wrong_recipient), and it is never `current()` again;
 * until then relays re-seal what they hold that uses it. The private half stays on disk. Retiring an already
 * retired (or scheduled) key keeps its first retiredAt.
 * @throws CryptoError CONTRACTS_ERR_KEY_STATE when the key does not exist, or when the participant would be
 *   left without a usable key at the retirement instant (rotate first and wait for the activation)
 */
export const retireKey = async (input: RetireKeyInput): Promise<void> => {
  const directory = readDirectoryJson(input.dir);
  const key = directory[input.participant]?.find((entry) => entry.keyId === input.keyId);
  if (key === undefined)
    throw new CryptoError('CONTRACTS_ERR_KEY_STATE', `${input.participant} has no key ${input.keyId}`);
  if (key.retiredAt !== undefined) return;
  const retiredAt = new Date(input.now.getTime() + (input.retireAfterMs ?? 0));
  const entries = publicEntriesOf({ [input.participant]: directory[input.participant] });
  const successor = entries.find(
    (entry) => entry.keyId !== input.keyId && entry.retiredAt === undefined && isUsableAt(entry, retiredAt),
  );
  if (successor === undefined) {
    throw new CryptoError(
      'CONTRACTS_ERR_KEY_STATE',
      `${input.participant} would have no usable key once ${input.keyId} retires: rotate first, and retire after the new key activates`,
    );
  }
  key.retiredAt = retiredAt.toISOString();
  createKeyDirectory(publicEntriesOf(directory)); // still a valid directory
  await publishDirectory(input.dir, directory);
};
