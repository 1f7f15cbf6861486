/**
 * buildUpiIntent: a UpiIntent → its `upi://pay?…` text, parameters in the specification's order, values
 * percent-encoded with spaces as `%20` (never `+`) and `@` kept readable. What the receive QR codes carry.
 */
import { formatRupees } from '../amounts.ts';
import { parseUpiIntent } from './parseUpiIntent.ts';
import type { UpiIntent } from './upiIntent.ts';

const encode = (value: string): string => encodeURIComponent(value).replace(/%40/g, '@');

/**
 * The intent's text. `buildUpiIntent(parseUpiIntent(text).intent)` gives back an equivalent text, and
 * parsing what this builds gives back the intent.
 * @throws RangeError naming each invalid parameter, when `intent` is not a valid intent
 */
export const buildUpiIntent = (intent: UpiIntent): string => {
  const params: Array<readonly [string, string | undefined]> = [
    ['pa', intent.pa],
    ['pn', intent.pn],
    ['am', intent.amountMinor === undefined ? undefined : formatRupees(intent.amountMinor)],
    ['mam', intent.minimumAmountMinor === undefined ? undefined : formatRupees(intent.minimumAmountMinor)],
    ['cu', intent.cu],
    ['tn', intent.tn],
    ['tr', intent.tr],
    ['mc', intent.mc],
    ['tid', intent.tid],
    ['url', intent.url],
    ...intent.extras,
  ];
  const query = params
    .filter((entry): entry is readonly [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${encode(name)}=${encode(value)}`)
    .join('&');
  const text = `upi://pay?${query}`;
  const parsed = parseUpiIntent(text);
  if (!parsed.ok)
    throw new RangeError(`invalid intent: ${parsed.errors.map((e) => `${e.param} ${e.message}`).join('; ')}`);
  return text;
};
