/**
 * The PIN block (NPCI's "Common Library" equivalent, docs/upi.md §10). The CLIENT — the app, a test, the
 * demo, never the PSP's server — seals the PIN for the remitter bank's box key; the PSP and the switch carry
 * the string opaquely in `Creds.data`; only the bank opens it.
 *
 * Format: base64url(JSON { v: 1, keyId, epk, nonce, ct }) with an ephemeral X25519 key `epk` and
 * ct = nacl.box(JSON(payload), nonce, bankBoxPublicKey, ephemeralSecret). The key agreement runs on
 * node:crypto (boxBeforeFast: byte-identical to nacl.box.before, ~15× faster), the box on tweetnacl.
 *
 * No function here returns or throws a message that contains a PIN: errors name fields only.
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import nacl from 'tweetnacl';
import { AMOUNT_MINOR_MAX, AccountNumber, Otp, TxnId } from '../primitives.ts';
import { KeyId, NONCE_BYTES } from './envelopeFormat.ts';
import { CryptoError } from './errors.ts';
import { isRetiredAt } from './keyDirectory.ts';
import { KEY_BYTES, boxBeforeFast, rawPublicKeyOf, x25519PrivateKey, x25519PublicKey } from './nodeKeys.ts';
import type { CredsPayload, OwnKeys, PrivateKeyEntry, PublicKeyEntry } from './types.ts';

/** Creds.data holds at most this many characters (primitives.ts Creds). */
export const CREDS_DATA_LENGTH_MAX = 2048;

const Pin = Type.String({ pattern: '^([0-9]{4}|[0-9]{6})$' });
const SealedAt = Type.Integer({ minimum: 0 });
const closed = { additionalProperties: false } as const;
const CredsPayloadSchema = Type.Union([
  Type.Object(
    {
      purpose: Type.Literal('PAY'),
      pin: Pin,
      txnId: TxnId,
      amountMinor: Type.Integer({ minimum: 1, maximum: AMOUNT_MINOR_MAX }),
      sealedAt: SealedAt,
    },
    closed,
  ),
  Type.Object(
    {
      purpose: Type.Literal('SET'),
      newPin: Pin,
      acNum: AccountNumber,
      cardLast6: Type.String({ pattern: '^[0-9]{6}$' }),
      cardExpiry: Type.String({ pattern: '^(0[1-9]|1[0-2])[0-9]{2}$' }),
      /** The one-time code the bank sent by SMS to the account's registered mobile (ReqOtp). */
      otp: Otp,
      sealedAt: SealedAt,
    },
    closed,
  ),
  Type.Object(
    { purpose: Type.Literal('CHANGE'), oldPin: Pin, newPin: Pin, acNum: AccountNumber, sealedAt: SealedAt },
    closed,
  ),
]);
const payloadValidator = Compile(CredsPayloadSchema);

const base64Of = (bytes: number) =>
  Type.String({ minLength: 4 * Math.ceil(bytes / 3), maxLength: 4 * Math.ceil(bytes / 3) });
const CredsBlock = Type.Object(
  {
    v: Type.Literal(1),
    keyId: KeyId,
    epk: base64Of(KEY_BYTES),
    nonce: base64Of(NONCE_BYTES),
    ct: Type.String({ minLength: 1, maxLength: CREDS_DATA_LENGTH_MAX }),
  },
  closed,
);
const blockValidator = Compile(CredsBlock);

/** Field paths that fail the payload schema — never the values. */
const invalidPaths = (payload: unknown): string => {
  const paths = new Set<string>();
  for (const error of payloadValidator.Errors(payload)) paths.add(error.instancePath || '/');
  return [...paths].join(', ');
};

/**
 * Seals a PIN block for `bankKey` (the remitter bank's current key from the directory).
 * @throws CryptoError CONTRACTS_ERR_INVALID_CREDS (payload fails its schema; the message names fields only),
 *   CONTRACTS_ERR_KEY_RETIRED.
 */
export const sealCreds = (payload: CredsPayload, bankKey: PublicKeyEntry): string => {
  if (!payloadValidator.Check(payload)) {
    throw new CryptoError('CONTRACTS_ERR_INVALID_CREDS', `invalid creds payload at ${invalidPaths(payload)}`);
  }
  if (isRetiredAt(bankKey, new Date())) {
    throw new CryptoError(
      'CONTRACTS_ERR_KEY_RETIRED',
      `${bankKey.participant} key ${bankKey.keyId} is retired`,
    );
  }
  const ephemeralSecret = x25519PrivateKey(randomBytes(KEY_BYTES));
  const sharedKey = boxBeforeFast(x25519PublicKey(bankKey.boxPublicKey), ephemeralSecret);
  /* c8 ignore next - unreachable for keys from the directory: only a low-order point yields no shared key */
  if (sharedKey === undefined)
    throw new CryptoError('CONTRACTS_ERR_KEY_STATE', `unusable box key ${bankKey.keyId}`);
  const nonce = randomBytes(NONCE_BYTES);
  const ct = nacl.box.after(Buffer.from(JSON.stringify(payload), 'utf8'), nonce, sharedKey);
  const block = {
    v: 1,
    keyId: bankKey.keyId,
    epk: Buffer.from(rawPublicKeyOf(ephemeralSecret)).toString('base64'),
    nonce: nonce.toString('base64'),
    ct: Buffer.from(ct).toString('base64'),
  };
  return Buffer.from(JSON.stringify(block), 'utf8').toString('base64url');
};

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
  if (epk.length !== KEY_BYTES || nonce.length !== NONCE_BYTES) return { ok: false, reason: 'malformed' };
  const ownKey = own.keys.find((key) => key.keyId === block.keyId);
  if (ownKey === undefined) return { ok: false, reason: 'unknown_key' };
  const sharedKey = boxBeforeFast(peerBoxKeyOf(epk), ownBoxKeyOf(ownKey));
  const plaintext = sharedKey === undefined ? null : nacl.box.open.after(ct, nonce, sharedKey);
  if (plaintext === null) return { ok: false, reason: 'undecryptable' };
  const payload = parseJson(Buffer.from(plaintext).toString('utf8'));
  if (!payloadValidator.Check(payload)) return { ok: false, reason: 'invalid' };
  return { ok: true, payload };
};
