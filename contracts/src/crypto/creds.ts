/**
 * Opening a PIN block (docs/upi.md §10): the bank's side. Sealing is sealCreds.ts (the client's side, shared
 * by the browser app and Node); the format both follow is credsFormat.ts. The key agreement runs on
 * node:crypto (boxBeforeFast: byte-identical to nacl.box.before, ~15× faster), the box on tweetnacl.
 *
 * No function here returns or throws a message that contains a PIN: errors name fields only.
 */
import type { KeyObject } from 'node:crypto';
import nacl from 'tweetnacl';
import {
  BOX_KEY_BYTES,
  CREDS_DATA_LENGTH_MAX,
  NONCE_BYTES,
  blockValidator,
  payloadValidator,
} from './credsFormat.ts';
import { boxBeforeFast, x25519PrivateKey, x25519PublicKey } from './nodeKeys.ts';
import type { CredsPayload, OwnKeys, PrivateKeyEntry } from './types.ts';

export { CREDS_DATA_LENGTH_MAX } from './credsFormat.ts';
export { sealCreds } from './sealCreds.ts';

export type OpenCredsFailure = 'malformed' | 'unknown_key' | 'undecryptable' | 'invalid';
export type OpenCredsResult = { ok: true; payload: CredsPayload } | { ok: false; reason: OpenCredsFailure };

/** X25519 KeyObjects of own box keys, built once per key generation. */
const ownBoxKeys = new WeakMap<PrivateKeyEntry, KeyObject>();
const ownBoxKeyOf = (key: PrivateKeyEntry): KeyObject => {
  let keyObject = ownBoxKeys.get(key);
  if (keyObject === undefined) ownBoxKeys.set(key, (keyObject = x25519PrivateKey(key.boxSecretKey)));
  return keyObject;
};

/** The ephemeral public key as a KeyObject; undefined (→ undecryptable) if node:crypto refuses it. */
const peerBoxKeyOf = (raw: Uint8Array): KeyObject | undefined => {
  try {
    return x25519PublicKey(raw);
  } catch {
    return undefined;
  }
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * Opens a PIN block with the bank's own keys (any generation it holds). Never throws; the reasons carry
 * no detail, so nothing about the PIN can leak through them.
 */
export const openCreds = (data: string, own: OwnKeys): OpenCredsResult => {
  if (data.length > CREDS_DATA_LENGTH_MAX || !/^[A-Za-z0-9_-]+$/.test(data))
    return { ok: false, reason: 'malformed' };
  const block = parseJson(Buffer.from(data, 'base64url').toString('utf8'));
  if (!blockValidator.Check(block)) return { ok: false, reason: 'malformed' };
  const epk = Buffer.from(block.epk, 'base64');
  const nonce = Buffer.from(block.nonce, 'base64');
  const ct = Buffer.from(block.ct, 'base64');
  if (epk.length !== BOX_KEY_BYTES || nonce.length !== NONCE_BYTES) return { ok: false, reason: 'malformed' };
  const ownKey = own.keys.find((key) => key.keyId === block.keyId);
  if (ownKey === undefined) return { ok: false, reason: 'unknown_key' };
  const sharedKey = boxBeforeFast(peerBoxKeyOf(epk), ownBoxKeyOf(ownKey));
  const plaintext = sharedKey === undefined ? null : nacl.box.open.after(ct, nonce, sharedKey);
  if (plaintext === null) return { ok: false, reason: 'undecryptable' };
  const payload = parseJson(Buffer.from(plaintext).toString('utf8'));
  if (!payloadValidator.Check(payload)) return { ok: false, reason: 'invalid' };
  return { ok: true, payload };
};
