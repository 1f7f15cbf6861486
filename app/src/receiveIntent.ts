/**
 * A VPA's "receive" intent (docs/upi.md §8.1): static — `upi://pay?pa=…&pn=…`, the payer types the amount —
 * or dynamic, with an amount, a note and a reference (`tr`) the payer cannot change. The app shows it as a
 * QR code; `make qr` prints and writes it.
 */
import { buildUpiIntent, type UpiIntent } from '@switchyard/contracts/client';

export type ReceiveRequest = { vpa: string; name: string; amountMinor?: number; note?: string; ref?: string };

const REF_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A fresh reference for a dynamic QR: 12 characters, no look-alikes (0/O, 1/I). */
export const newIntentRef = (): string =>
  [...globalThis.crypto.getRandomValues(new Uint8Array(12))]
    .map((byte) => REF_ALPHABET[byte % REF_ALPHABET.length])
    .join('');

/**
 * The intent text. With an amount it is dynamic: currency INR, the note, and a reference (fresh unless
 * given). @throws RangeError naming the parameter when a value is not valid (contracts buildUpiIntent)
 */
export const receiveIntentOf = (request: ReceiveRequest): string => {
  const intent: UpiIntent = { pa: request.vpa, pn: request.name, extras: [] };
  if (request.amountMinor !== undefined) {
    intent.amountMinor = request.amountMinor;
    intent.cu = 'INR';
    if (request.note) intent.tn = request.note;
    intent.tr = request.ref ?? newIntentRef();
  } else if (request.note) intent.tn = request.note;
  return buildUpiIntent(intent);
};
