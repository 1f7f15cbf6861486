/**
 * Sealing again what a participant sealed earlier (outbox rows, among them the timeouts the deadline sweeper
 * moved there: a deadline row armed before outbox migration 005 holds its sealed message, newer ones are
 * sealed only when they fire) when a key it used is retiring: the relay asks needsReseal() of every row it is
 * about to publish and, when it must, publishes reseal()'s output instead (outbox relayBatch.ts). Without it a row sealed for (or with) a key
 * retired while the row waited would be refused by its recipient.
 *
 * The sender can open its own envelope: box's shared key is the same from both ends (own secret key with the
 * recipient's public key), so nothing but the sender's own keys is needed.
 */
import nacl from 'tweetnacl';
import type { Message } from '../registry.ts';
import { parseEnvelope, parsePayload } from './envelopeFormat.ts';
import { CryptoError } from './errors.ts';
import type { KeyDirectory, OwnKeys, SealInput, Sealed, Sealer } from './types.ts';

/** The needsReseal/reseal pair of a sealer (createSealer attaches it). */
export const createResealer = (
  own: OwnKeys,
  directory: KeyDirectory,
  seal: (input: SealInput) => Sealed,
): Pick<Sealer, 'needsReseal' | 'reseal'> => ({
  needsReseal(amqpHeaders) {
    const senderKeyId = amqpHeaders['x-sender-key-id'];
    const recipient = amqpHeaders['x-recipient'];
    const recipientKeyId = amqpHeaders['x-recipient-key-id'];
    if (
      typeof senderKeyId !== 'string' ||
      typeof recipient !== 'string' ||
      typeof recipientKeyId !== 'string'
    )
      return false; // not a row this sealer wrote: leave it to the relay as it is
    const used = [
      directory.lookup(own.participant, senderKeyId),
      directory.lookup(recipient, recipientKeyId),
    ];
    return used.some((entry) => entry === undefined || entry.retiredAt !== undefined);
  },

  reseal(body, now) {
    const refuse = (why: string): never => {
      throw new CryptoError('CONTRACTS_ERR_RESEAL', `cannot reseal: ${why}`);
    };
    const parsed = parseEnvelope(body);
    if (!parsed.ok) return refuse(parsed.detail);
    const { headers, nonce, ciphertext } = parsed.envelope;
    if (headers.sender !== own.participant) return refuse(`sealed by ${headers.sender}`);
    const ownKey = own.keys.find((key) => key.keyId === headers.senderKeyId);
    const recipientKey = directory.lookup(headers.recipient, headers.recipientKeyId);
    if (ownKey === undefined || recipientKey === undefined)
      return refuse(`key ${headers.senderKeyId} or ${headers.recipient}/${headers.recipientKeyId} unknown`);
    const shared = nacl.box.before(recipientKey.boxPublicKey, ownKey.boxSecretKey);
    const plaintext = nacl.box.open.after(ciphertext, nonce, shared);
    const payload = plaintext === null ? undefined : parsePayload(plaintext);
    if (payload === undefined) return refuse('the envelope does not open');
    return seal({
      recipient: headers.recipient,
      message: payload.message as Message,
      messageId: headers.messageId,
      correlationId: headers.correlationId,
      causationId: headers.causationId,
      now,
    });
  },
});
