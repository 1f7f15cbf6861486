/**
 * Everything a participant needs to talk on the network, loaded from its keys folder in one call (each
 * service's main.ts): the public key directory, its own key generations, and a sealer and opener over them.
 * Both follow the folder without a restart (keyReload.ts): a peer's new or retired key, and the
 * participant's own new key, are picked up within the reload interval.
 */
import { createOpener, createSealer, type OpenerOptions } from './envelope.ts';
import { loadReloadingKeys } from './keyReload.ts';
import type { KeyDirectory, Opener, OwnKeys, Sealer } from './types.ts';

export type ParticipantCrypto = { directory: KeyDirectory; own: OwnKeys; sealer: Sealer; opener: Opener };

/**
 * @param keysDir the participant's own keys folder (keyStore.ts participantKeysDir)
 * @throws CryptoError when the directory or the participant's private keys are missing or malformed.
 */
export const loadParticipantCrypto = (
  keysDir: string,
  participant: string,
  options?: OpenerOptions & { reloadIntervalMs?: number },
): ParticipantCrypto => {
  const { directory, own } = loadReloadingKeys(keysDir, participant, options?.reloadIntervalMs);
  return {
    directory,
    own,
    sealer: createSealer(own, directory),
    opener: createOpener(own, directory, options),
  };
};
