/**
 * The PIN block's format, shared by the sealing side (sealCreds.ts: the app, in a browser or in Node) and the
 * opening side (creds.ts: the bank). No node built-ins here or in anything it imports.
 *
 * Format: base64url(JSON { v: 1, keyId, epk, nonce, ct }) with an ephemeral X25519 key `epk` and
 * ct = nacl.box(JSON(payload), nonce, bankBoxPublicKey, ephemeralSecret).
 */
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { AMOUNT_MINOR_MAX, AccountNumber, Otp, TxnId } from '../primitives.ts';
import { KeyId, NONCE_BYTES } from './envelopeFormat.ts';

/** Creds.data holds at most this many characters (primitives.ts Creds). */
export const CREDS_DATA_LENGTH_MAX = 2048;
/** X25519 keys are 32 bytes. */
export const BOX_KEY_BYTES = 32;
export { NONCE_BYTES };

/** An ephemeral key pair's public half and its box key with the bank's key (undefined: unusable peer key). */
export type EphemeralAgreement = { publicKey: Uint8Array; sharedKey: Uint8Array | undefined };

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
export const payloadValidator = Compile(CredsPayloadSchema);

const base64Of = (bytes: number) =>
  Type.String({ minLength: 4 * Math.ceil(bytes / 3), maxLength: 4 * Math.ceil(bytes / 3) });
const CredsBlock = Type.Object(
  {
    v: Type.Literal(1),
    keyId: KeyId,
    epk: base64Of(BOX_KEY_BYTES),
    nonce: base64Of(NONCE_BYTES),
    ct: Type.String({ minLength: 1, maxLength: CREDS_DATA_LENGTH_MAX }),
  },
  closed,
);
export const blockValidator = Compile(CredsBlock);

/** Field paths that fail the payload schema — never the values. */
export const invalidPaths = (payload: unknown): string => {
  const paths = new Set<string>();
  for (const error of payloadValidator.Errors(payload)) paths.add(error.instancePath || '/');
  return [...paths].join(', ');
};
