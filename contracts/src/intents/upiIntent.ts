/**
 * UPI payment intents (docs/upi.md §8.1): the `upi://pay?…` text a QR code or a deep link carries, after
 * NPCI's UPI linking specification. Parameter names keep the specification's spelling (`pa`, `pn`, `tn`…);
 * amounts are integer paise like everywhere else in the code (`am` → `amountMinor`, `mam` →
 * `minimumAmountMinor`) and rupee strings only in the text.
 */

/** A parsed, valid intent. `extras` keeps any other parameter (`mode`, `purpose`, `orgid`, `sign`…) as given. */
export type UpiIntent = {
  /** Payee address (VPA). Mandatory. */
  pa: string;
  /** Payee name. Mandatory (the app still validates the payee with the network before asking for a PIN). */
  pn: string;
  /** `am`: the amount to pay; without `mam` the payer cannot change it. */
  amountMinor?: number;
  /** `mam`: the minimum amount; the payer may pay any amount ≥ it. */
  minimumAmountMinor?: number;
  /** `cu`: always INR when present. */
  cu?: 'INR';
  /** `tn`: the transaction note, at most 50 characters. */
  tn?: string;
  /** `tr`: the payee's (merchant's) reference, at most 35 characters (UPI's Txn.refId); required with `mc`. */
  tr?: string;
  /** `mc`: the merchant category code, 4 digits. */
  mc?: string;
  /** `tid`: a PSP-generated transaction id, at most 35 letters and digits. */
  tid?: string;
  /** `url`: a reference URL (a bill, a ticket), http or https. */
  url?: string;
  extras: ReadonlyArray<readonly [name: string, value: string]>;
};

export type IntentError = { param: string; message: string };
export type ParseIntentResult = { ok: true; intent: UpiIntent } | { ok: false; errors: IntentError[] };

/** The parameters the parser knows, in the order buildUpiIntent writes them. */
export const INTENT_PARAMS = ['pa', 'pn', 'am', 'mam', 'cu', 'tn', 'tr', 'mc', 'tid', 'url'] as const;
export type IntentParam = (typeof INTENT_PARAMS)[number];

/** Longest intent text accepted: a version-40 QR code holds at most 2,953 bytes. */
export const INTENT_LENGTH_MAX = 2048;

/**
 * What the payer may do with the amount of a scanned intent: `free` (no `am`, no `mam`), `fixed` (`am`
 * without `mam`: not editable), `minimum` (`mam`: any amount ≥ it, starting from `am` when given).
 */
export type IntentAmountRule =
  | { kind: 'free' }
  | { kind: 'fixed'; amountMinor: number }
  | { kind: 'minimum'; minimumAmountMinor: number; suggestedMinor?: number };

export const amountRuleOf = (intent: UpiIntent): IntentAmountRule => {
  if (intent.minimumAmountMinor !== undefined)
    return intent.amountMinor === undefined
      ? { kind: 'minimum', minimumAmountMinor: intent.minimumAmountMinor }
      : {
          kind: 'minimum',
          minimumAmountMinor: intent.minimumAmountMinor,
          suggestedMinor: intent.amountMinor,
        };
  if (intent.amountMinor !== undefined) return { kind: 'fixed', amountMinor: intent.amountMinor };
  return { kind: 'free' };
};

/**
 * Why `amountMinor` may not be paid against `intent` (a message naming the parameter), or undefined when it
 * may: a fixed `am` must be paid exactly, a `mam` is a floor.
 */
export const intentAmountProblem = (intent: UpiIntent, amountMinor: number): string | undefined => {
  const rule = amountRuleOf(intent);
  if (rule.kind === 'fixed' && amountMinor !== rule.amountMinor)
    return 'am: this QR code asks for a fixed amount, which cannot be changed';
  if (rule.kind === 'minimum' && amountMinor < rule.minimumAmountMinor)
    return 'mam: the amount must be at least the minimum this QR code allows';
  return undefined;
};
