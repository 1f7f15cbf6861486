/** One fresh key generation of one participant: an X25519 box key pair and an Ed25519 signing key pair. */
import { randomBytes } from 'node:crypto';
import { KEY_BYTES, rawPublicKeyOf, signingKeyFromSeed, x25519PrivateKey } from './nodeKeys.ts';
import type { PrivateKeyEntry, PublicKeyEntry } from './types.ts';

export type ParticipantKeys = { publicEntry: PublicKeyEntry; privateEntry: PrivateKeyEntry };

/**
 * Generates key generation `keyId` (`k1`, `k2` …) for `participant`. Public keys are derived with
 * node:crypto; they equal tweetnacl's `box.keyPair.fromSecretKey` / `sign.keyPair.fromSeed` results.
 */
export const generateParticipantKeys = (participant: string, keyId: string, now: Date): ParticipantKeys => {
  const boxSecretKey = new Uint8Array(randomBytes(KEY_BYTES));
  const signSeed = new Uint8Array(randomBytes(KEY_BYTES));
  return {
    publicEntry: {
      participant,
      keyId,
      boxPublicKey: rawPublicKeyOf(x25519PrivateKey(boxSecretKey)),
      signPublicKey: rawPublicKeyOf(signingKeyFromSeed(signSeed)),
      createdAt: now.toISOString(),
    },
    privateEntry: { participant, keyId, boxSecretKey, signSeed },
  };
};

/** The generation number of a key id: `k12` → 12 (0 for an id outside the `k<n>` scheme). */
export const keyOrdinal = (keyId: string): number => (/^k[0-9]+$/.test(keyId) ? Number(keyId.slice(1)) : 0);

/** The key id after the newest of `keyIds`: [] → `k1`, [`k1`, `k2`] → `k3`. */
export const nextKeyId = (keyIds: readonly string[]): string =>
  `k${Math.max(0, ...keyIds.map(keyOrdinal)) + 1}`;
