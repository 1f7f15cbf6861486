/**
 * The wire format of a sealed envelope: the AMQP body is a JSON document
 *
 *   { "headers": EnvelopeHeaders, "nonce": b64(24 bytes), "ciphertext": b64, "signature": b64(64 bytes) }
 *
 * where ciphertext = box.after(JSON({ headers, message }), nonce, sharedKey) and the Ed25519 signature covers
 * signingBytes(headers, nonce, ciphertext). Parsing here is structural only; envelope.ts does the crypto.
 */
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { ParticipantId } from '../primitives.ts';
import type { EnvelopeHeaders } from './types.ts';

/** Bound on an envelope body; the largest message (RespListAccount, 20 accounts) seals to ~6 KiB. */
export const ENVELOPE_BYTES_MAX = 64 * 1024;
export const NONCE_BYTES = 24;
const SIGNATURE_BYTES = 64;
/** Key ids are short labels, `k1`, `k2` … in generation order. */
const KEY_ID_PATTERN = '^k[0-9]{1,6}$';
export const KeyId = Type.String({ pattern: KEY_ID_PATTERN });

const base64Of = (bytes: number) => {
  const length = 4 * Math.ceil(bytes / 3);
  return Type.String({ minLength: length, maxLength: length, pattern: '^[A-Za-z0-9+/]*={0,2}$' });
};
const Identifier = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });

const EnvelopeHeadersSchema = Type.Object(
  {
    v: Type.Literal(1),
    messageId: Identifier,
    type: Type.String({ minLength: 1, maxLength: 64 }), // checked against the registry only once authenticated
    correlationId: Type.Optional(Identifier),
    causationId: Type.Optional(Identifier),
    sender: ParticipantId,
    senderKeyId: KeyId,
    recipient: ParticipantId,
    recipientKeyId: KeyId,
    sealedAt: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

const EnvelopeBody = Type.Object(
  {
    headers: EnvelopeHeadersSchema,
    nonce: base64Of(NONCE_BYTES),
    ciphertext: Type.String({
      minLength: 4,
      maxLength: ENVELOPE_BYTES_MAX,
      pattern: '^[A-Za-z0-9+/]*={0,2}$',
    }),
    signature: base64Of(SIGNATURE_BYTES),
  },
  { additionalProperties: false },
);
type EnvelopeBody = Static<typeof EnvelopeBody>;
const envelopeBodyValidator = Compile(EnvelopeBody);

export type ParsedEnvelope = {
  headers: EnvelopeHeaders;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
  signature: Uint8Array;
};

/**
 * The canonical form of the readable headers: a fixed field order, absent optionals as null. Used both for
 * the signature and to compare the readable headers with the copy sealed inside the ciphertext.
 */
export const canonicalHeaders = (headers: EnvelopeHeaders): string =>
  JSON.stringify([
    headers.v,
    headers.messageId,
    headers.type,
    headers.correlationId ?? null,
    headers.causationId ?? null,
    headers.sender,
    headers.senderKeyId,
    headers.recipient,
    headers.recipientKeyId,
    headers.sealedAt,
  ]);

const SIGNING_CONTEXT = 'switchyard.envelope.v1\n';

/** What the sender signs: a context label, the canonical headers, the nonce and the ciphertext. */
export const signingBytes = (headers: EnvelopeHeaders, nonce: Uint8Array, ciphertext: Uint8Array): Buffer =>
  Buffer.concat([Buffer.from(`${SIGNING_CONTEXT}${canonicalHeaders(headers)}\n`, 'utf8'), nonce, ciphertext]);

const toBase64 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');

/** The AMQP body for the given parts. */
export const encodeEnvelope = (parts: ParsedEnvelope): Buffer => {
  const body: EnvelopeBody = {
    headers: parts.headers,
    nonce: toBase64(parts.nonce),
    ciphertext: toBase64(parts.ciphertext),
    signature: toBase64(parts.signature),
  };
  return Buffer.from(JSON.stringify(body), 'utf8');
};

export type ParseEnvelopeResult = { ok: true; envelope: ParsedEnvelope } | { ok: false; detail: string };

/** Structural parse of an AMQP body: size, JSON, shape, base64 lengths. No crypto. */
export const parseEnvelope = (body: Buffer): ParseEnvelopeResult => {
  if (body.length > ENVELOPE_BYTES_MAX)
    return { ok: false, detail: `body exceeds ${ENVELOPE_BYTES_MAX} bytes` };
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, detail: 'body is not JSON' };
  }
  if (!envelopeBodyValidator.Check(value)) {
    for (const error of envelopeBodyValidator.Errors(value)) {
      const message = error.keyword === 'boolean' ? 'unknown field' : error.message; // additionalProperties
      return { ok: false, detail: `not an envelope: ${error.instancePath || '/'} ${message}` };
    }
    return { ok: false, detail: 'not an envelope' };
  }
  const nonce = Buffer.from(value.nonce, 'base64');
  const signature = Buffer.from(value.signature, 'base64');
  const ciphertext = Buffer.from(value.ciphertext, 'base64');
  if (nonce.length !== NONCE_BYTES || signature.length !== SIGNATURE_BYTES || ciphertext.length < 16) {
    return { ok: false, detail: 'bad nonce, ciphertext or signature length' };
  }
  return { ok: true, envelope: { headers: value.headers as EnvelopeHeaders, nonce, ciphertext, signature } };
};

/** What the ciphertext holds: a copy of the readable headers and the message. */
export type SealedPayload = { headers: EnvelopeHeaders; message: unknown };

export const encodePayload = (payload: SealedPayload): Uint8Array =>
  Buffer.from(JSON.stringify(payload), 'utf8');

/** The decrypted payload, or undefined if it is not `{ headers, message }` JSON. */
export const parsePayload = (plaintext: Uint8Array): SealedPayload | undefined => {
  let value: unknown;
  try {
    value = JSON.parse(
      Buffer.from(plaintext.buffer, plaintext.byteOffset, plaintext.length).toString('utf8'),
    );
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { headers, message } = value as { headers?: unknown; message?: unknown };
  if (typeof headers !== 'object' || headers === null || message === undefined) return undefined;
  return { headers: headers as EnvelopeHeaders, message };
};
