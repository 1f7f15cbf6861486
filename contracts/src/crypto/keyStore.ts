/**
 * The on-disk key layout (gitignored, default <repo>/.keys). A KEYS FOLDER is
 *
 *   <dir>/directory.json           public: { "<participant>": [{ keyId, boxPublicKey, signPublicKey,
 *                                   createdAt, activatesAt?, retiredAt? }, …] }  (keys base64, oldest first)
 *   <dir>/private/<participant>.json  mode 0600: { participant, keys: [{ keyId, boxSecretKey, signSeed,
 *                                   createdAt }, …] }  (oldest first)
 *
 * The NETWORK's keys folder holds the master directory.json and one keys folder per participant,
 * `<dir>/<participant>/` (mode 0700: participantKeysDir): a copy of the public directory and that
 * participant's own private file only (plus its setup secrets, tools). A service is given its own folder and
 * reads nothing else; key generation (generateKeys.ts) writes the private file there and the directory to the
 * master and to every participant's copy.
 *
 * Reads validate the files; writes go to a temporary file then rename, so readers never see half a file.
 * Error messages name files, never key material.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { KeyId } from './envelopeFormat.ts';
import { CryptoError } from './errors.ts';
import type { PrivateKeyEntry, PublicKeyEntry } from './types.ts';

export const DEFAULT_KEYS_DIR = fileURLToPath(new URL('../../../.keys', import.meta.url));
/** Generations kept per participant; rotation beyond this means old ones should be pruned by hand. */
export const KEY_GENERATIONS_MAX = 100;
const PARTICIPANT_PATTERN = /^[a-z][a-z0-9]*(\.[a-z0-9-]{1,40})?$/;

const Base64Key = Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$' }); // 32 bytes
const Instant = Type.String({ minLength: 20, maxLength: 30 });
const PublicKeyJson = Type.Object(
  {
    keyId: KeyId,
    boxPublicKey: Base64Key,
    signPublicKey: Base64Key,
    createdAt: Instant,
    activatesAt: Type.Optional(Instant),
    retiredAt: Type.Optional(Instant),
  },
  { additionalProperties: false },
);
const DirectoryJson = Type.Record(
  Type.String(),
  Type.Array(PublicKeyJson, { maxItems: KEY_GENERATIONS_MAX }),
);
export type DirectoryJson = Static<typeof DirectoryJson>;
const PrivateJson = Type.Object(
  {
    participant: Type.String(),
    keys: Type.Array(
      Type.Object(
        { keyId: KeyId, boxSecretKey: Base64Key, signSeed: Base64Key, createdAt: Instant },
        { additionalProperties: false },
      ),
      { maxItems: KEY_GENERATIONS_MAX },
    ),
  },
  { additionalProperties: false },
);
export type PrivateJson = Static<typeof PrivateJson>;
const directoryValidator = Compile(DirectoryJson);
const privateValidator = Compile(PrivateJson);

const checkedParticipant = (participant: string): string => {
  if (!PARTICIPANT_PATTERN.test(participant))
    throw new CryptoError('CONTRACTS_ERR_KEY_STATE', `not a participant id: ${participant}`);
  return participant;
};
export const directoryFileOf = (dir: string): string => join(dir, 'directory.json');
export const privateFileOf = (dir: string, participant: string): string =>
  join(dir, 'private', `${checkedParticipant(participant)}.json`);
/** `participant`'s own keys folder inside the network's keys folder `networkDir`. @throws CryptoError CONTRACTS_ERR_KEY_STATE */
export const participantKeysDir = (networkDir: string, participant: string): string =>
  join(networkDir, checkedParticipant(participant));

const readJson = (file: string, missingOk: boolean): unknown => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (missingOk && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CryptoError('CONTRACTS_ERR_KEY_FILE', `cannot read ${file} (generate keys first)`, {
      cause: error,
    });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CryptoError('CONTRACTS_ERR_KEY_FILE', `${file} is not JSON`); // no cause: it would quote the text
  }
};

/** directory.json; `{}` when it does not exist and `missingOk`. @throws CryptoError CONTRACTS_ERR_KEY_FILE */
export const readDirectoryJson = (dir: string, missingOk = false): DirectoryJson => {
  const file = directoryFileOf(dir);
  const value = readJson(file, missingOk) ?? {};
  if (!directoryValidator.Check(value) || !Object.keys(value).every((p) => PARTICIPANT_PATTERN.test(p))) {
    throw new CryptoError('CONTRACTS_ERR_KEY_FILE', `${file} is not a key directory`);
  }
  return value;
};

/** private/<participant>.json, or undefined when missing and `missingOk`. @throws CryptoError CONTRACTS_ERR_KEY_FILE */
export const readPrivateJson = (
  dir: string,
  participant: string,
  missingOk = false,
): PrivateJson | undefined => {
  const file = privateFileOf(dir, participant);
  const value = readJson(file, missingOk);
  if (value === undefined) return undefined;
  if (!privateValidator.Check(value) || value.participant !== participant) {
    throw new CryptoError('CONTRACTS_ERR_KEY_FILE', `${file} is not the private key file of ${participant}`);
  }
  return value;
};

const bytes = (base64: string): Uint8Array => new Uint8Array(Buffer.from(base64, 'base64'));
const base64 = (raw: Uint8Array): string => Buffer.from(raw).toString('base64');

export const publicEntriesOf = (json: DirectoryJson): PublicKeyEntry[] =>
  Object.entries(json).flatMap(([participant, keys]) =>
    keys.map((key) => ({
      participant,
      keyId: key.keyId,
      boxPublicKey: bytes(key.boxPublicKey),
      signPublicKey: bytes(key.signPublicKey),
      createdAt: key.createdAt,
      ...(key.activatesAt === undefined ? {} : { activatesAt: key.activatesAt }),
      ...(key.retiredAt === undefined ? {} : { retiredAt: key.retiredAt }),
    })),
  );

export const privateEntriesOf = (json: PrivateJson): PrivateKeyEntry[] =>
  json.keys.map((key) => ({
    participant: json.participant,
    keyId: key.keyId,
    boxSecretKey: bytes(key.boxSecretKey),
    signSeed: bytes(key.signSeed),
  }));

export const publicJsonOf = (entry: PublicKeyEntry): DirectoryJson[string][number] => ({
  keyId: entry.keyId,
  boxPublicKey: base64(entry.boxPublicKey),
  signPublicKey: base64(entry.signPublicKey),
  createdAt: entry.createdAt,
  ...(entry.activatesAt === undefined ? {} : { activatesAt: entry.activatesAt }),
  ...(entry.retiredAt === undefined ? {} : { retiredAt: entry.retiredAt }),
});

export const privateJsonOf = (entry: PrivateKeyEntry, createdAt: string): PrivateJson['keys'][number] => ({
  keyId: entry.keyId,
  boxSecretKey: base64(entry.boxSecretKey),
  signSeed: base64(entry.signSeed),
  createdAt,
});

const writeAtomically = async (file: string, value: unknown, mode: number): Promise<void> => {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode });
  await rename(temporary, file);
};

export const writeDirectoryJson = async (dir: string, json: DirectoryJson): Promise<void> => {
  await mkdir(dir, { recursive: true, mode: 0o755 });
  await writeAtomically(directoryFileOf(dir), json, 0o644);
};

/** Private key files are written 0600 inside 0700 folders. */
export const writePrivateJson = async (dir: string, json: PrivateJson): Promise<void> => {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await mkdir(join(dir, 'private'), { recursive: true, mode: 0o700 });
  await writeAtomically(privateFileOf(dir, json.participant), json, 0o600);
};
