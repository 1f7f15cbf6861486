/**
 * parseUpiIntent: `upi://pay?…` text → a valid UpiIntent, or every problem found, each naming its
 * parameter. Pure: no I/O, no clock. Values are percent-decoded as RFC 3986 says — `%20` is a space and a
 * `+` stays a `+` (the linking specification encodes spaces as `%20`).
 */
import { AMOUNT_MINOR_MAX, SAFE_TEXT_PATTERN } from '../primitives.ts';
import { parseRupees } from '../amounts.ts';
import { isVpa } from '../ids.ts';
import {
  INTENT_LENGTH_MAX,
  INTENT_PARAMS,
  type IntentError,
  type IntentParam,
  type ParseIntentResult,
  type UpiIntent,
} from './upiIntent.ts';

const PREFIX = /^upi:\/\/pay(\?|$)/i;
const SAFE_TEXT = new RegExp(SAFE_TEXT_PATTERN, 'u');
const known = new Set<string>(INTENT_PARAMS);
const codePoints = (text: string): number => [...text].length;

type Check = (value: string) => string | undefined;

const text =
  (bounds: { min: number; max: number }): Check =>
  (value) => {
    if (!SAFE_TEXT.test(value)) return 'must not contain control characters';
    const length = codePoints(value);
    if (length < bounds.min) return 'must not be empty';
    if (length > bounds.max) return `must be at most ${bounds.max} characters`;
    return undefined;
  };

const amount: Check = (value) => {
  const paise = parseRupees(value);
  if (paise === undefined) return 'must be an amount in rupees with at most 2 decimals, like 250.00';
  if (paise < 1) return 'must be more than 0';
  if (paise > AMOUNT_MINOR_MAX) return 'must be at most 10000000.00';
  return undefined;
};

const checks: Record<IntentParam, Check> = {
  pa: (value) => (isVpa(value) ? undefined : 'must be a UPI address like name@bank'),
  pn: text({ min: 1, max: 99 }),
  am: amount,
  mam: amount,
  cu: (value) => (value === 'INR' ? undefined : 'must be INR'),
  tn: text({ min: 0, max: 50 }),
  tr: text({ min: 1, max: 35 }),
  mc: (value) => (/^[0-9]{4}$/.test(value) ? undefined : 'must be a 4-digit merchant category code'),
  tid: (value) => (/^[A-Za-z0-9]{1,35}$/.test(value) ? undefined : 'must be 1 to 35 letters and digits'),
  url: (value) => {
    if (codePoints(value) > 512) return 'must be at most 512 characters';
    if (!URL.canParse(value)) return 'must be a web address';
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:' ? undefined : 'must be an http or https address';
  },
};

const decode = (raw: string): string | undefined => {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
};

type Pairs = { values: Map<IntentParam, string>; extras: Array<readonly [string, string]> };

const pairsOf = (query: string, errors: IntentError[]): Pairs => {
  const values = new Map<IntentParam, string>();
  const extras: Array<readonly [string, string]> = [];
  for (const segment of query.split('&')) {
    if (segment === '') continue;
    const at = segment.indexOf('=');
    const rawName = at < 0 ? segment : segment.slice(0, at);
    const name = decode(rawName) ?? rawName;
    const value = decode(at < 0 ? '' : segment.slice(at + 1));
    if (value === undefined) {
      // A value with no name ("=%") is about the text as a whole.
      errors.push({ param: name === '' ? 'intent' : name, message: 'is not valid percent-encoding' });
    } else if (!known.has(name)) {
      extras.push([name, value]);
    } else if (values.has(name as IntentParam)) {
      errors.push({ param: name, message: 'appears more than once' });
    } else {
      values.set(name as IntentParam, value);
    }
  }
  return { values, extras };
};

/** Rules between parameters, once each one is valid on its own. */
const crossChecks = (values: Map<IntentParam, string>, errors: IntentError[]): void => {
  if (values.has('mc') && !values.has('tr'))
    errors.push({ param: 'tr', message: 'is required when a merchant code (mc) is given' });
  const am = values.get('am');
  const mam = values.get('mam');
  if (am !== undefined && mam !== undefined && parseRupees(mam)! > parseRupees(am)!)
    errors.push({ param: 'mam', message: 'must not be more than the amount (am)' });
};

const intentOf = (values: Map<IntentParam, string>, extras: Pairs['extras']): UpiIntent => {
  const intent: UpiIntent = { pa: values.get('pa')!, pn: values.get('pn')!, extras };
  const am = values.get('am');
  const mam = values.get('mam');
  if (am !== undefined) intent.amountMinor = parseRupees(am);
  if (mam !== undefined) intent.minimumAmountMinor = parseRupees(mam);
  if (values.has('cu')) intent.cu = 'INR';
  for (const name of ['tn', 'tr', 'mc', 'tid', 'url'] as const) {
    const value = values.get(name);
    if (value !== undefined) intent[name] = value;
  }
  return intent;
};

/**
 * Parses a UPI payment intent (`upi://pay?pa=…&pn=…`). Never throws: an invalid intent answers every
 * problem found, each with the parameter it is about (`intent` for the text as a whole).
 */
export const parseUpiIntent = (input: string): ParseIntentResult => {
  const intentText = input.trim();
  if (intentText.length > INTENT_LENGTH_MAX)
    return {
      ok: false,
      errors: [{ param: 'intent', message: `is longer than ${INTENT_LENGTH_MAX} characters` }],
    };
  if (!PREFIX.test(intentText))
    return { ok: false, errors: [{ param: 'intent', message: 'is not a UPI payment link (upi://pay?…)' }] };
  const errors: IntentError[] = [];
  const query = intentText.slice(intentText.indexOf('?') + 1 || intentText.length).split('#')[0];
  const { values, extras } = pairsOf(query, errors);
  for (const name of ['pa', 'pn'] as const)
    if (!values.has(name)) errors.push({ param: name, message: 'is required' });
  for (const [name, value] of values) {
    const problem = checks[name](value);
    if (problem !== undefined) errors.push({ param: name, message: problem });
  }
  if (errors.length === 0) crossChecks(values, errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, intent: intentOf(values, extras) };
};
