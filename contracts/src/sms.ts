/**
 * An SMS on the simulated phone network (routing.ts smsExchangeFor): plain JSON, neither sealed nor a UPI
 * message — a phone network carries text to a number, nothing more. PSPs send registration codes, banks
 * send the codes that authorise a PIN set; the app (app/src/phone) reads them as a phone would.
 */
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { Mobile, Timestamp, safeText } from './primitives.ts';

/** An SMS sender id ("header"), e.g. `ZAPPAY`, `LOTUSB`: 2 to 11 upper-case letters or digits. */
export const SmsSenderId = Type.String({ pattern: '^[A-Z0-9]{2,11}$' });

export const Sms = Type.Object(
  { to: Mobile, from: SmsSenderId, text: safeText({ minLength: 1, maxLength: 320 }), sentAt: Timestamp },
  { additionalProperties: false },
);
export type Sms = Static<typeof Sms>;

const smsValidator = Compile(Sms);

/** Parses an SMS body (JSON bytes); undefined when it is not one. Never throws. */
export const parseSms = (body: Buffer): Sms | undefined => {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return smsValidator.Check(value) ? value : undefined;
  } catch {
    return undefined;
  }
};

/** The sender id for a participant: `psp.zap` → `ZAP`, `bank.lotus` → `LOTUS` (at most 11 characters). */
export const smsSenderIdOf = (participant: string): string =>
  (participant.split('.').at(-1) ?? participant)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 11)
    .padEnd(2, 'X');
