/**
 * Everything a participant needs to talk on the network, loaded from the keys directory in one call (each
 * service's main.ts): the public key directory, its own key generations, and a sealer and opener over them.
 */
import { createOpener, createSealer, type OpenerOptions } from './envelope.ts';
import { loadKeyDirectory, loadOwnKeys } from './keyFiles.ts';
import type { KeyDirectory, Opener, OwnKeys, Sealer } from './types.ts';

export type ParticipantCrypto = { directory: KeyDirectory; own: OwnKeys; sealer: Sealer; opener: Opener };

/** @throws CryptoError when the directory or the participant's private keys are missing or malformed. */
export const loadParticipantCrypto = (
  keysDir: string,
  participant: string,
  options?: OpenerOptions,
): ParticipantCrypto => {
  const directory = loadKeyDirectory(keysDir);
  const own = loadOwnKeys(keysDir, participant);
  return {
    directory,
    own,
    sealer: createSealer(own, directory),
    opener: createOpener(own, directory, options),
  };
};
