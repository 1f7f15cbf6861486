/**
 * Raw 32-byte keys ⇄ node:crypto KeyObjects, and an X25519 key agreement on node:crypto.
 *
 * Node's Ed25519 signs ~100× faster than tweetnacl's (measured: 0.045 ms vs 4.8 ms), and its X25519 is ~15×
 * faster than tweetnacl's scalar multiplication. KeyObjects are built from raw keys by prefixing the fixed
 * DER headers of PKCS8 (private) and SPKI (public) encodings; callers build them once and cache them.
 */
import { createPrivateKey, createPublicKey, diffieHellman, type KeyObject } from 'node:crypto';
import nacl from 'tweetnacl';

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
export const KEY_BYTES = 32;

const privateKeyFrom = (prefix: Buffer, raw: Uint8Array): KeyObject =>
  createPrivateKey({ key: Buffer.concat([prefix, raw]), format: 'der', type: 'pkcs8' });
const publicKeyFrom = (prefix: Buffer, raw: Uint8Array): KeyObject =>
  createPublicKey({ key: Buffer.concat([prefix, raw]), format: 'der', type: 'spki' });

/** The Ed25519 signing key for a 32-byte seed. */
export const signingKeyFromSeed = (seed: Uint8Array): KeyObject => privateKeyFrom(ED25519_PKCS8_PREFIX, seed);
/** The Ed25519 verifying key for a raw 32-byte public key. */
export const verifyingKeyFromRaw = (publicKey: Uint8Array): KeyObject =>
  publicKeyFrom(ED25519_SPKI_PREFIX, publicKey);
export const x25519PrivateKey = (secretKey: Uint8Array): KeyObject =>
  privateKeyFrom(X25519_PKCS8_PREFIX, secretKey);
export const x25519PublicKey = (publicKey: Uint8Array): KeyObject =>
  publicKeyFrom(X25519_SPKI_PREFIX, publicKey);

/** The raw 32-byte public key of a private KeyObject (Ed25519 or X25519: both SPKI headers are 12 bytes). */
export const rawPublicKeyOf = (privateKey: KeyObject): Uint8Array => {
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return new Uint8Array(spki.subarray(spki.length - KEY_BYTES));
};

type HSalsa20 = (out: Uint8Array, input: Uint8Array, key: Uint8Array, constant: Uint8Array) => number;
const hsalsa20 = (nacl as unknown as { lowlevel: { crypto_core_hsalsa20: HSalsa20 } }).lowlevel
  .crypto_core_hsalsa20;
const SIGMA = new TextEncoder().encode('expand 32-byte k');
const ZERO_16 = new Uint8Array(16);

/**
 * Exactly `nacl.box.before(publicKey, secretKey)` — HSalsa20 over the X25519 shared secret — with the
 * scalar multiplication done by node:crypto. The result works with `nacl.box.after` / `box.open.after`.
 * Returns undefined when the peer key is a low-order point (OpenSSL refuses an all-zero shared secret).
 */
export const boxBeforeFast = (
  publicKey: KeyObject | undefined,
  secretKey: KeyObject,
): Uint8Array | undefined => {
  if (publicKey === undefined) return undefined;
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey: secretKey, publicKey });
  } catch {
    return undefined;
  }
  const sharedKey = new Uint8Array(KEY_BYTES);
  hsalsa20(sharedKey, ZERO_16, shared, SIGMA);
  return sharedKey;
};

/** Byte equality of two public keys (not constant-time: for public data only). */
export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length &&
  Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
