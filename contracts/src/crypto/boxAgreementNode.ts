/**
 * The ephemeral X25519 agreement of a PIN block on node:crypto (~15× faster than tweetnacl's scalar
 * multiplication): what `#boxAgreement` resolves to on Node. boxAgreementNacl.ts is the browser's, with
 * the same bytes out for the same secret (contracts/test/unit/creds.spec.ts compares them).
 */
import { KEY_BYTES, boxBeforeFast, rawPublicKeyOf, x25519PrivateKey, x25519PublicKey } from './nodeKeys.ts';
import { randomBytes } from './bytes.ts';
import type { EphemeralAgreement } from './credsFormat.ts';

/** A fresh ephemeral key (or the one made from `secret`) and its `nacl.box.before` key with `peerPublicKey`. */
export const ephemeralAgreement = (
  peerPublicKey: Uint8Array,
  secret: Uint8Array = randomBytes(KEY_BYTES),
): EphemeralAgreement => {
  const ephemeralSecret = x25519PrivateKey(secret);
  return {
    publicKey: rawPublicKeyOf(ephemeralSecret),
    sharedKey: boxBeforeFast(x25519PublicKey(peerPublicKey), ephemeralSecret),
  };
};
