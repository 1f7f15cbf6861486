/**
 * Key generation and rotation on disk (layout: keyStore.ts). One writer at a time: run it from the CLI
 * (tools/src/cli/generateKeys.ts) or a test, not concurrently.
 */
import { generateParticipantKeys, nextKeyId } from './participantKeys.ts';
import { CryptoError } from './errors.ts';
import {
  KEY_GENERATIONS_MAX,
  privateJsonOf,
  publicJsonOf,
  readDirectoryJson,
  readPrivateJson,
  writeDirectoryJson,
  writePrivateJson,
  type DirectoryJson,
  type PrivateJson,
} from './keyStore.ts';

export type GenerateKeysInput = {
  dir: string;
  participants: readonly string[];
  now?: Date;
  rotate?: readonly string[];
};

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
      `${participant}: directory.json and private/${participant}.json disagree`,
    );
  }
};

/**
 * Creates a first key generation (`k1`) for each participant that has none, and a new generation for each
 * participant in `rotate` (old generations stay valid until retired). Idempotent without `rotate`.
 * Private files are written before directory.json, so the directory never lists a key nobody holds.
 * @returns the generations created, as `participant/keyId`.
 * @throws CryptoError CONTRACTS_ERR_KEY_FILE (unreadable files), CONTRACTS_ERR_KEY_STATE (files disagree,
 *   rotating an unknown participant, more than KEY_GENERATIONS_MAX generations).
 */
export const generateKeys = async (input: GenerateKeysInput): Promise<{ created: string[] }> => {
  const now = input.now ?? new Date();
  const directory: DirectoryJson = readDirectoryJson(input.dir, true);
  const rotate = new Set(input.rotate ?? []);
  for (const participant of rotate) {
    if (!input.participants.includes(participant) && directory[participant] === undefined) {
      throw new CryptoError('CONTRACTS_ERR_KEY_STATE', `cannot rotate unknown participant ${participant}`);
    }
  }
  const created: string[] = [];
  const privateFiles: PrivateJson[] = [];
  for (const participant of new Set([...input.participants, ...rotate])) {
    const publicKeys = directory[participant] ?? [];
    const privateFile = readPrivateJson(input.dir, participant, true);
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
    directory[participant] = [...publicKeys, publicJsonOf(publicEntry)];
    privateFiles.push({
      participant,
      keys: [...(privateFile?.keys ?? []), privateJsonOf(privateEntry, publicEntry.createdAt)],
    });
    created.push(`${participant}/${keyId}`);
  }
  for (const privateFile of privateFiles) await writePrivateJson(input.dir, privateFile);
  if (created.length > 0) await writeDirectoryJson(input.dir, directory);
  return { created };
};

export type RetireKeyInput = { dir: string; participant: string; keyId: string; now: Date };

/**
 * Marks a key generation retired in directory.json: openers refuse envelopes sealed with it (unknown_key)
 * or for it (wrong_recipient), and it is never `current()` again. The private half stays on disk.
 * Retiring an already retired key keeps its first retiredAt.
 * @throws CryptoError CONTRACTS_ERR_KEY_STATE when the key does not exist.
 */
export const retireKey = async (input: RetireKeyInput): Promise<void> => {
  const directory = readDirectoryJson(input.dir);
  const key = directory[input.participant]?.find((entry) => entry.keyId === input.keyId);
  if (key === undefined)
    throw new CryptoError('CONTRACTS_ERR_KEY_STATE', `${input.participant} has no key ${input.keyId}`);
  if (key.retiredAt !== undefined) return;
  key.retiredAt = input.now.toISOString();
  await writeDirectoryJson(input.dir, directory);
};
