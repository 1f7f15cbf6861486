/**
 * The ephemeral X25519 agreement of a PIN block on tweetnacl alone (no node built-ins): what `#boxAgreement`
 * resolves to in a browser bundle (the `browser` condition of contracts/package.json `imports`). Same bytes
 * as boxAgreementNode.ts for the same secret.
 */
import nacl from 'tweetnacl';
import { randomBytes } from './bytes.ts';
import type { EphemeralAgreement } from './credsFormat.ts';

/** A fresh ephemeral key (or the one made from `secret`) and its `nacl.box.before` key with `peerPublicKey`. */
export const ephemeralAgreement = (
  peerPublicKey: Uint8Array,
  secret: Uint8Array = randomBytes(nacl.box.secretKeyLength),
): EphemeralAgreement => ({
  publicKey: nacl.box.keyPair.fromSecretKey(secret).publicKey,
  sharedKey: nacl.box.before(peerPublicKey, secret),
});
