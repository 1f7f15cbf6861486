/**
 * seal()/open() of the envelope every message travels in (format: envelopeFormat.ts, README.md).
 *
 * Body: tweetnacl `box.after` (XSalsa20-Poly1305) with a shared key precomputed once per (own key, peer key)
 * by `box.before` and cached; a random 24-byte nonce per message. Signature: Ed25519 by node:crypto over the
 * canonical readable headers + nonce + ciphertext, with KeyObjects built once and cached. The ciphertext
 * also carries a copy of the readable headers, so a rewritten header (even `type`) is detected as tampering.
 */
import { randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import nacl from 'tweetnacl';
import { decode, isMessageType } from '../registry.ts';
import {
  ENVELOPE_BYTES_MAX,
  NONCE_BYTES,
  canonicalHeaders,
  encodeEnvelope,
  encodePayload,
  parseEnvelope,
  parsePayload,
  signingBytes,
} from './envelopeFormat.ts';
import { CryptoError } from './errors.ts';
import { isRetiredAt, isUsableAt } from './keyDirectory.ts';
import { createResealer } from './reseal.ts';
import { sameBytes, signingKeyFromSeed, verifyingKeyFromRaw } from './nodeKeys.ts';
import type {
  EnvelopeHeaders,
  KeyDirectory,
  OpenFailureReason,
  OpenInput,
  OpenResult,
  Opener,
  OwnKeys,
  PrivateKeyEntry,
  PublicKeyEntry,
  SealInput,
  Sealed,
  Sealer,
} from './types.ts';

export { CryptoError, type CryptoErrorCode } from './errors.ts';
export { ENVELOPE_BYTES_MAX } from './envelopeFormat.ts';

/**
 * How old a sealed envelope may be and still open. It must stay BELOW the inbox retention (14 days,
 * docs/guarantees.md §11): an envelope accepted now was sealed at most 3 days ago, so its first delivery
 * wrote its inbox row at most ~3 days ago, and that row outlives every later delivery the envelope still
 * accepts. Anything the envelope accepts is therefore still deduplicable; older replays are refused as
 * `stale`.
 */
export const REPLAY_WINDOW_MS_DEFAULT = 3 * 24 * 60 * 60 * 1000;
/** How far ahead of the opener's clock a sender's clock may run. */
export const FUTURE_SKEW_MS_DEFAULT = 30_000;

/**
 * Derived keys, computed once per key generation and kept for the process lifetime. The number of entries
 * is bounded by the key directory (participants × generations). Entries remember the public key they were
 * derived from, so a directory reloaded with different material for the same id is never served stale keys.
 */
const createKeyCache = (own: OwnKeys) => {
  const signing = new Map<string, KeyObject>();
  const verifying = new Map<string, { source: Uint8Array; key: KeyObject }>();
  const shared = new Map<string, { source: Uint8Array; key: Uint8Array }>();
  return {
    signingKey(ownKey: PrivateKeyEntry): KeyObject {
      let key = signing.get(ownKey.keyId);
      if (key === undefined) signing.set(ownKey.keyId, (key = signingKeyFromSeed(ownKey.signSeed)));
      return key;
    },
    verifyingKey(peer: PublicKeyEntry): KeyObject {
      const id = `${peer.participant}/${peer.keyId}`;
      const cached = verifying.get(id);
      if (cached !== undefined && sameBytes(cached.source, peer.signPublicKey)) return cached.key;
      const key = verifyingKeyFromRaw(peer.signPublicKey);
      verifying.set(id, { source: peer.signPublicKey, key });
      return key;
    },
    sharedKey(ownKey: PrivateKeyEntry, peer: PublicKeyEntry): Uint8Array {
      const id = `${own.participant}/${ownKey.keyId}|${peer.participant}/${peer.keyId}`;
      const cached = shared.get(id);
      if (cached !== undefined && sameBytes(cached.source, peer.boxPublicKey)) return cached.key;
      const key = nacl.box.before(peer.boxPublicKey, ownKey.boxSecretKey);
      shared.set(id, { source: peer.boxPublicKey, key });
      return key;
    },
  };
};

/**
 * The newest own generation the directory says is usable at `now` (published, activated, not retired). A
 * participant the directory does not know at all seals with its newest key (its recipients will refuse it).
 */
const ownKeyAt = (own: OwnKeys, directory: KeyDirectory, now: Date): PrivateKeyEntry => {
  let published = false;
  for (const key of own.keys) {
    const entry = directory.lookup(own.participant, key.keyId);
    if (entry !== undefined && isUsableAt(entry, now)) return key;
    published ||= entry !== undefined;
  }
  if (!published && own.keys[0] !== undefined) return own.keys[0];
  throw new CryptoError('CONTRACTS_ERR_NO_OWN_KEY', `${own.participant} holds no key usable now`);
};

/**
 * A sealer for `own.participant`. It seals with its newest own key usable at the message's `now`, for the
 * recipient's key usable then (`directory.current`): a key published ahead of its activation is not used
 * before it (keys may change under it: keyReload.ts). reseal()/needsReseal(): reseal.ts.
 * @throws CryptoError CONTRACTS_ERR_NO_OWN_KEY at creation (no key at all); from seal():
 *   CONTRACTS_ERR_NO_OWN_KEY (none usable now), CONTRACTS_ERR_UNKNOWN_RECIPIENT,
 *   CONTRACTS_ERR_INVALID_MESSAGE (the message fails its own schema, or its head.msgId is not its messageId: a bug), CONTRACTS_ERR_ENVELOPE_TOO_LARGE.
 */
export const createSealer = (own: OwnKeys, directory: KeyDirectory): Sealer =>
  createSealerWith(own, directory, { checkSchema: true });

/**
 * A sealer that skips the schema check: for tests that must put an authentic but invalid message on the
 * wire (a peer's bug). Exported through @switchyard/contracts/testing only.
 */
export const createUncheckedSealer = (own: OwnKeys, directory: KeyDirectory): Sealer =>
  createSealerWith(own, directory, { checkSchema: false });

const createSealerWith = (
  own: OwnKeys,
  directory: KeyDirectory,
  options: { checkSchema: boolean },
): Sealer => {
  if (own.keys.length === 0)
    throw new CryptoError('CONTRACTS_ERR_NO_OWN_KEY', `${own.participant} holds no key`);
  const keys = createKeyCache(own);
  const seal = (input: SealInput): Sealed => {
    const ownKey = ownKeyAt(own, directory, input.now);
    const recipientKey = directory.current(input.recipient, input.now);
    if (recipientKey === undefined) {
      throw new CryptoError(
        'CONTRACTS_ERR_UNKNOWN_RECIPIENT',
        `no current key for recipient ${input.recipient}`,
      );
    }
    const checked = options.checkSchema ? decode(input.message) : { ok: true as const };
    if (!checked.ok) {
      const paths = checked.errors.map((error) => `${error.path} ${error.message}`).join('; ');
      throw new CryptoError(
        'CONTRACTS_ERR_INVALID_MESSAGE',
        `refusing to seal an invalid ${String(input.message.type)}: ${paths}`,
      );
    }
    if (input.message.head.msgId !== input.messageId) {
      throw new CryptoError(
        'CONTRACTS_ERR_INVALID_MESSAGE',
        `refusing to seal ${input.message.type}: head.msgId ${input.message.head.msgId} is not its messageId ${input.messageId}`,
      );
    }
    const headers: EnvelopeHeaders = {
      v: 1,
      messageId: input.messageId,
      type: input.message.type,
      ...(input.correlationId === undefined ? {} : { correlationId: input.correlationId }),
      ...(input.causationId === undefined ? {} : { causationId: input.causationId }),
      sender: own.participant,
      senderKeyId: ownKey.keyId,
      recipient: recipientKey.participant,
      recipientKeyId: recipientKey.keyId,
      sealedAt: input.now.getTime(),
    };
    const nonce = randomBytes(NONCE_BYTES);
    const plaintext = encodePayload({ headers, message: input.message });
    const ciphertext = nacl.box.after(plaintext, nonce, keys.sharedKey(ownKey, recipientKey));
    const signature = sign(null, signingBytes(headers, nonce, ciphertext), keys.signingKey(ownKey));
    const body = encodeEnvelope({ headers, nonce, ciphertext, signature });
    if (body.length > ENVELOPE_BYTES_MAX) {
      throw new CryptoError(
        'CONTRACTS_ERR_ENVELOPE_TOO_LARGE',
        `${headers.type} seals to ${body.length} bytes`,
      );
    }
    return { headers, body };
  };
  return { participant: own.participant, seal, ...createResealer(own, directory, seal) };
};

export type OpenerOptions = { replayWindowMs?: number; futureSkewMs?: number };

const refuse = (reason: OpenFailureReason, detail: string): OpenResult => ({ ok: false, reason, detail });

/**
 * An opener for `own.participant`. It accepts any of its own key generations and any sender key the
 * directory knows — published ones included, before their activation — until that key is retired (at the
 * message's `now`). Never throws: every refusal is an OpenFailureReason, and a
 * successful open returns the message as decode() validated it. Details name fields, never contents.
 *
 * Check order (each reason reachable): malformed → wrong_recipient → unknown_sender → unknown_key →
 * tampered (MAC, then readable vs sealed headers) → bad_signature → stale → message_id_mismatch →
 * unknown_type → invalid_schema.
 */
export const createOpener = (own: OwnKeys, directory: KeyDirectory, options: OpenerOptions = {}): Opener => {
  const replayWindowMs = options.replayWindowMs ?? REPLAY_WINDOW_MS_DEFAULT;
  const futureSkewMs = options.futureSkewMs ?? FUTURE_SKEW_MS_DEFAULT;
  const keys = createKeyCache(own);
  const ownKeyOf = (keyId: string): PrivateKeyEntry | undefined =>
    own.keys.find((key) => key.keyId === keyId) ??
    // A directory that reloads re-reads its files on a miss: a key just given to us is found then.
    (directory.lookup(own.participant, keyId) === undefined
      ? undefined
      : own.keys.find((key) => key.keyId === keyId));

  const open = (input: OpenInput): OpenResult => {
    const parsed = parseEnvelope(input.body);
    if (!parsed.ok) return refuse('malformed', parsed.detail);
    const { headers, nonce, ciphertext, signature } = parsed.envelope;
    if (headers.recipient !== own.participant)
      return refuse('wrong_recipient', `addressed to ${headers.recipient}`);
    const ownKey = ownKeyOf(headers.recipientKeyId);
    if (ownKey === undefined) return refuse('wrong_recipient', `no own key ${headers.recipientKeyId}`);
    const ownEntry = directory.lookup(own.participant, ownKey.keyId);
    if (ownEntry !== undefined && isRetiredAt(ownEntry, input.now)) {
      return refuse('wrong_recipient', `own key ${ownKey.keyId} is retired`);
    }
    const senderKey = directory.lookup(headers.sender, headers.senderKeyId);
    if (senderKey === undefined) {
      return directory.participants().includes(headers.sender)
        ? refuse('unknown_key', `${headers.sender} has no key ${headers.senderKeyId}`)
        : refuse('unknown_sender', `unknown sender ${headers.sender}`);
    }
    if (isRetiredAt(senderKey, input.now))
      return refuse('unknown_key', `${headers.sender} key ${headers.senderKeyId} is retired`);

    const plaintext = nacl.box.open.after(ciphertext, nonce, keys.sharedKey(ownKey, senderKey));
    if (plaintext === null) return refuse('tampered', 'ciphertext fails its MAC');
    const payload = parsePayload(plaintext);
    if (payload === undefined) return refuse('malformed', 'sealed payload is not { headers, message }');
    if (canonicalHeaders(payload.headers) !== canonicalHeaders(headers)) {
      return refuse('tampered', 'readable headers differ from the sealed copy');
    }
    if (!verify(null, signingBytes(headers, nonce, ciphertext), keys.verifyingKey(senderKey), signature)) {
      return refuse(
        'bad_signature',
        `signature does not verify with ${headers.sender} key ${headers.senderKeyId}`,
      );
    }
    const now = input.now.getTime();
    if (headers.sealedAt < now - replayWindowMs)
      return refuse('stale', `sealed ${now - headers.sealedAt} ms ago`);
    if (headers.sealedAt > now + futureSkewMs)
      return refuse('stale', `sealed ${headers.sealedAt - now} ms in the future`);
    if (input.amqpMessageId !== undefined && input.amqpMessageId !== headers.messageId) {
      return refuse('message_id_mismatch', 'AMQP messageId differs from the sealed messageId');
    }
    if (!isMessageType(headers.type)) return refuse('unknown_type', `unknown message type ${headers.type}`);
    const decoded = decode(payload.message, headers.type);
    if (!decoded.ok) {
      return {
        ok: false,
        reason: 'invalid_schema',
        detail: decoded.errors.map((error) => `${error.path} ${error.message}`).join('; '),
        // authentic: the receiver may answer it (a validation decline) rather than drop it
        invalid: { headers, value: payload.message, errors: decoded.errors },
      };
    }
    if (decoded.message.head.msgId !== headers.messageId) {
      return refuse('message_id_mismatch', 'head.msgId differs from the sealed messageId');
    }
    return { ok: true, opened: { headers, message: decoded.message } };
  };
  return { participant: own.participant, open };
};

/**
 * The readable headers to copy into AMQP `headers`, so the management UI shows who talks to whom and when
 * (the body is sealed): sender, recipient, their key ids, and the sealing time as epoch ms and as ISO text
 * (the AMQP `timestamp` property has whole seconds only). The relay sets the messageId, type, correlationId
 * (the UPI txn id), timestamp and appId (the sender) AMQP properties itself.
 */
export const amqpHeadersFor = (headers: EnvelopeHeaders): Record<string, string | number> => ({
  'x-sender': headers.sender,
  'x-recipient': headers.recipient,
  'x-sender-key-id': headers.senderKeyId,
  'x-recipient-key-id': headers.recipientKeyId,
  'x-sealed-at': headers.sealedAt,
  'x-sealed-at-iso': new Date(headers.sealedAt).toISOString(),
});
