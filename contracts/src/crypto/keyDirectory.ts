/** The in-memory KeyDirectory over a list of public key entries (from directory.json or from tests). */
export { isRetiredAt, isUsableAt } from './keyTimes.ts';
import { CryptoError } from './errors.ts';
import { isUsableAt } from './keyTimes.ts';
import { keyOrdinal } from './participantKeys.ts';
import type { KeyDirectory, PublicKeyEntry } from './types.ts';

/** Oldest first: by createdAt, then by generation number. */
const byAge = (a: PublicKeyEntry, b: PublicKeyEntry): number =>
  a.createdAt === b.createdAt
    ? keyOrdinal(a.keyId) - keyOrdinal(b.keyId)
    : a.createdAt < b.createdAt
      ? -1
      : 1;

/**
 * A KeyDirectory over `entries` (copied and frozen: later changes to the input are not seen). `current()`
 * is the newest generation of a participant usable at the given instant.
 * @throws CryptoError CONTRACTS_ERR_KEY_STATE on a duplicate (participant, keyId).
 */
export const createKeyDirectory = (entries: readonly PublicKeyEntry[]): KeyDirectory => {
  const byId = new Map<string, PublicKeyEntry>();
  const generations = new Map<string, PublicKeyEntry[]>();
  for (const input of entries) {
    const entry = Object.freeze({ ...input });
    const id = `${entry.participant}/${entry.keyId}`;
    if (byId.has(id)) throw new CryptoError('CONTRACTS_ERR_KEY_STATE', `duplicate key ${id}`);
    byId.set(id, entry);
    generations.set(entry.participant, [...(generations.get(entry.participant) ?? []), entry]);
  }
  for (const list of generations.values()) list.sort(byAge);
  const participants = Object.freeze([...generations.keys()]);
  return {
    lookup: (participant, keyId) => byId.get(`${participant}/${keyId}`),
    current: (participant, now = new Date()) =>
      generations
        .get(participant)
        ?.filter((entry) => isUsableAt(entry, now))
        .at(-1),
    participants: () => [...participants],
  };
};
