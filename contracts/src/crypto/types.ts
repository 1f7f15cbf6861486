/**
 * The sealed-envelope API (contracts/src/crypto). Implementations: envelope.ts (seal/open), creds.ts (the
 * PIN block), keyFiles.ts (key directory + private keys on disk), generateKeys.ts.
 *
 * Every message body is encrypted for its recipient with tweetnacl `box` (X25519 + XSalsa20-Poly1305) using
 * a shared key precomputed once per peer (`box.before`), and signed by its sender with Ed25519 (node:crypto)
 * over the readable headers plus the ciphertext. Key ids allow rotation.
 */
import type { DecodeError, Message, MessageType } from '../registry.ts';

/** Public half of one key generation of one participant. */
export type PublicKeyEntry = {
  participant: string;
  keyId: string;
  boxPublicKey: Uint8Array; // X25519, 32 bytes
  signPublicKey: Uint8Array; // Ed25519 raw, 32 bytes
  createdAt: string;
  /**
   * Published before used: until this instant peers know the key (they can open messages sealed with it or
   * for it) but nobody seals with it or for it. Absent: usable from the start.
   */
  activatesAt?: string;
  /** From this instant (it may be scheduled ahead) messages sealed with this key or for it are refused. */
  retiredAt?: string;
};

/** Private half, held only by its participant. */
export type PrivateKeyEntry = {
  participant: string;
  keyId: string;
  boxSecretKey: Uint8Array; // 32 bytes
  signSeed: Uint8Array; // Ed25519 private seed, 32 bytes
};

export type KeyDirectory = {
  /** The key generation `keyId` of `participant`, retired or not. */
  lookup(participant: string, keyId: string): PublicKeyEntry | undefined;
  /** The newest key of `participant` active and not retired at `now` (default: the clock): what senders seal for. */
  current(participant: string, now?: Date): PublicKeyEntry | undefined;
  participants(): string[];
};

/** A participant's own keys: every generation it still holds (current first). */
export type OwnKeys = { participant: string; keys: PrivateKeyEntry[] };

/** Readable envelope headers: what the RabbitMQ management UI shows. Never money, accounts or names. */
export type EnvelopeHeaders = {
  v: 1;
  messageId: string;
  type: MessageType;
  correlationId?: string; // the UPI txn id
  causationId?: string;
  sender: string;
  senderKeyId: string;
  recipient: string;
  recipientKeyId: string;
  sealedAt: number; // epoch ms
};

export type SealInput = {
  recipient: string;
  message: Message;
  messageId: string;
  correlationId?: string;
  causationId?: string;
  now: Date;
};

/** Output of seal(): the AMQP body plus the readable fields the publisher copies into AMQP properties. */
export type Sealed = { headers: EnvelopeHeaders; body: Buffer };

export type Sealer = {
  participant: string;
  seal(input: SealInput): Sealed;
  /**
   * Whether an envelope this participant sealed (its readable AMQP headers: x-sender-key-id, x-recipient,
   * x-recipient-key-id) uses a key that is retired or scheduled to retire, or that the directory no longer knows.
   */
  needsReseal(amqpHeaders: Readonly<Record<string, unknown>>, now: Date): boolean;
  /**
   * The same message sealed again with today's keys (same messageId, type, correlation and causation ids;
   * sealedAt = now): for outbox rows sealed before a key they use was retired.
   */
  reseal(body: Buffer, now: Date): Sealed;
};

export type OpenFailureReason =
  | 'malformed' // not an envelope at all (bad JSON, missing fields, bad base64)
  | 'wrong_recipient' // addressed to someone else, or to a key id we do not hold
  | 'unknown_sender' // sender not in the key directory
  | 'unknown_key' // sender known, key id unknown or retired
  | 'tampered' // ciphertext fails its MAC, or the readable headers differ from the sealed copy
  | 'bad_signature' // the Ed25519 signature does not verify
  | 'stale' // sealedAt outside the replay window (too old, or too far in the future)
  | 'message_id_mismatch' // AMQP messageId differs from the sealed one
  | 'invalid_schema' // decrypted, but decode() refused it
  | 'unknown_type'; // decrypted, but the type is not in the registry

export type OpenInput = { body: Buffer; amqpMessageId: string | undefined; now: Date };
export type Opened = { headers: EnvelopeHeaders; message: Message };
/**
 * An authentic message (every envelope check passed: signed by its sender, sealed for us, fresh, one id)
 * whose content decode() refused: what a service needs to answer the request with a validation decline
 * instead of dropping it. `value` is the parsed message as sent: untrusted, read defensively.
 */
export type InvalidMessage = { headers: EnvelopeHeaders; value: unknown; errors: DecodeError[] };
export type OpenResult =
  | { ok: true; opened: Opened }
  | { ok: false; reason: OpenFailureReason; detail: string; invalid?: InvalidMessage };

export type Opener = { participant: string; open(input: OpenInput): OpenResult };

/** What a PIN block carries, bound to one purpose (and for payments, one txn id and amount). */
export type CredsPayload =
  | { purpose: 'PAY'; pin: string; txnId: string; amountMinor: number; sealedAt: number }
  | {
      purpose: 'SET';
      newPin: string;
      acNum: string;
      cardLast6: string;
      cardExpiry: string;
      /** The bank's one-time code (ReqOtp), from the SMS on the account's registered mobile. */
      otp: string;
      sealedAt: number;
    }
  | { purpose: 'CHANGE'; oldPin: string; newPin: string; acNum: string; sealedAt: number };
