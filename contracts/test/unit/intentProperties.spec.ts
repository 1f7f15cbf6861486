/** Properties of UPI intents for any VPA, amount and note (fast-check; a failing run prints its seed). */
import { expect } from 'chai';
import fc from 'fast-check';
import { buildUpiIntent, isVpa, parseUpiIntent, type UpiIntent } from '../../src/index.ts';

const VPA_USER = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-'.split('');
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const vpa = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...VPA_USER), minLength: 2, maxLength: 40 }),
    fc.string({ unit: fc.constantFrom(...LETTERS), minLength: 2, maxLength: 12 }),
  )
  .map(([user, handle]) => `${user}@${handle}`);
/** Any text without control characters or lone surrogates: every script, emoji, %, &, =, +, #, ?. */
const safeText = (minLength: number, maxLength: number) =>
  fc
    .string({ unit: 'grapheme', minLength, maxLength })
    .filter((s) => /^[^\p{Cc}\p{Cs}]*$/u.test(s) && [...s].length >= minLength && [...s].length <= maxLength);
const paise = fc.integer({ min: 1, max: 1_000_000_000 });

const intent: fc.Arbitrary<UpiIntent> = fc
  .record(
    {
      pa: vpa,
      pn: safeText(1, 99),
      amountMinor: paise,
      cu: fc.constant('INR' as const),
      tn: safeText(0, 50),
      tr: safeText(1, 35),
    },
    { requiredKeys: ['pa', 'pn'] },
  )
  .map((fields) => ({ ...fields, extras: [] }));

describe('UPI intents: properties', () => {
  it('parse(build(intent)) gives the intent back, for any VPA, amount and note', () => {
    fc.assert(
      fc.property(intent, (value) => {
        const text = buildUpiIntent(value);
        const parsed = parseUpiIntent(text);
        expect(parsed).to.deep.equal({ ok: true, intent: value });
      }),
      { numRuns: 500 },
    );
  });

  it('a built intent holds no raw space, and a + in a value is encoded', () => {
    fc.assert(
      fc.property(intent, (value) => {
        const query = buildUpiIntent(value).slice('upi://pay?'.length);
        expect(query).to.not.include(' ');
        expect(query).to.not.include('+');
      }),
      { numRuns: 300 },
    );
  });

  it('a mam at or below am always parses; above am it is refused naming mam', () => {
    fc.assert(
      fc.property(vpa, paise, paise, (pa, a, b) => {
        const [am, mam] = [Math.max(a, b), Math.min(a, b)];
        const fmt = (p: number) => `${Math.floor(p / 100)}.${String(p % 100).padStart(2, '0')}`;
        expect(parseUpiIntent(`upi://pay?pa=${pa}&pn=X&am=${fmt(am)}&mam=${fmt(mam)}`).ok).to.equal(true);
        if (am !== mam) {
          const refused = parseUpiIntent(`upi://pay?pa=${pa}&pn=X&am=${fmt(mam)}&mam=${fmt(am)}`);
          expect(refused.ok === false && refused.errors.map((e) => e.param)).to.deep.equal(['mam']);
        }
      }),
    );
  });

  it('parse never throws, whatever the text, and every error names a parameter', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (tail) => {
        const parsed = parseUpiIntent(`upi://pay?${tail}`);
        if (!parsed.ok)
          for (const error of parsed.errors) expect(error.param).to.be.a('string').and.not.equal('');
        else expect(isVpa(parsed.intent.pa)).to.equal(true);
      }),
      { numRuns: 500 },
    );
  });
});
