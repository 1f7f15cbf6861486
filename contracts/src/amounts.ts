/**
 * Money crosses the HTTP boundary as a rupee string with at most two decimals ("100", "100.5", "100.50")
 * and lives everywhere else as integer paise. No floats: parsing is done on the digits.
 */
const RUPEES = /^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$/;

/** "123.45" → 12345; undefined for anything else (negative, 3 decimals, exponent, spaces…). */
export const parseRupees = (text: string): number | undefined => {
  const match = RUPEES.exec(text);
  if (!match) return undefined;
  const fraction = (match[2] ?? '.').slice(1).padEnd(2, '0');
  return Number(match[1]) * 100 + Number(fraction);
};

/** 12345 → "123.45" */
export const formatRupees = (paise: number): string => {
  if (!Number.isSafeInteger(paise) || paise < 0) throw new RangeError(`not a paise amount: ${paise}`);
  return `${Math.floor(paise / 100)}.${String(paise % 100).padStart(2, '0')}`;
};
