/** In-memory keys for tests: one fresh generation (`k1`) per participant, nothing on disk. */
import { CryptoError } from './errors.ts';
import { createKeyDirectory } from './keyDirectory.ts';
import { generateParticipantKeys } from './participantKeys.ts';
import type { KeyDirectory, OwnKeys, PublicKeyEntry } from './types.ts';

export type TestKeys = {
  directory: KeyDirectory;
  own(participant: string): OwnKeys;
  entries: PublicKeyEntry[];
};

/** @throws CryptoError CONTRACTS_ERR_KEY_STATE from own() for a participant not in `participants`. */
export const createTestKeys = (participants: readonly string[], now: Date = new Date()): TestKeys => {
  const generated = new Map(
    participants.map((participant) => [participant, generateParticipantKeys(participant, 'k1', now)]),
  );
  const entries = [...generated.values()].map((keys) => keys.publicEntry);
  return {
    directory: createKeyDirectory(entries),
    own(participant) {
      const keys = generated.get(participant);
      if (keys === undefined)
        throw new CryptoError('CONTRACTS_ERR_KEY_STATE', `no test keys for ${participant}`);
      return { participant, keys: [keys.privateEntry] };
    },
    entries,
  };
};
