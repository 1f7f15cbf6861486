/**
 * Golden messages (contracts/fixtures/<type>.json): one valid example of every message type, all from one
 * story — Asha (asha@zap, Lotus Bank) pays Vikram (vikram@kite, Banyan Bank) ₹250.00. Every service's tests
 * start from these and change what they need. `creds.data` is a placeholder: tests that reach the bank
 * replace it with sealCreds() output.
 */
import { readFileSync } from 'node:fs';
import { decode, type MessageOf, type MessageType } from './registry.ts';

const texts = new Map<MessageType, string>();

/**
 * A fresh deep copy of the golden `type` message (mutating it never affects the next call). With
 * `messageId`, its head.msgId is that id, so it can be sealed and sent as that message.
 * @throws Error when the fixture file is missing or no longer valid against its schema (a contracts bug).
 */
export const fixture = <T extends MessageType>(type: T, messageId?: string): MessageOf<T> => {
  let text = texts.get(type);
  if (text === undefined) {
    text = readFileSync(new URL(`../fixtures/${type}.json`, import.meta.url), 'utf8');
    const checked = decode(JSON.parse(text), type);
    if (!checked.ok)
      throw new Error(
        `fixture ${type} is invalid: ${checked.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
      );
    texts.set(type, text);
  }
  const message = JSON.parse(text) as MessageOf<T>;
  if (messageId !== undefined) message.head.msgId = messageId;
  return message;
};
