import { expect } from 'chai';
import { formatRupees, parseRupees } from '../../src/index.ts';

describe('amounts', () => {
  it('parses rupee strings into integer paise', () => {
    const cases: [string, number][] = [
      ['100', 10_000],
      ['100.5', 10_050],
      ['100.50', 10_050],
      ['0.01', 1],
      ['0', 0],
      ['0.10', 10],
      ['250.00', 25_000],
      ['9999999999.99', 999_999_999_999],
    ];
    for (const [text, paise] of cases) expect(parseRupees(text), text).to.equal(paise);
  });

  it('refuses anything else', () => {
    const bad = [
      '0.001',
      '1e3',
      '-1',
      ' 1',
      '1 ',
      '01',
      '',
      '1.',
      '.5',
      '1,000',
      '+1',
      'NaN',
      'Infinity',
      '0x10',
      '12345678901',
      '1.2.3',
      '١٢',
    ];
    for (const text of bad) expect(parseRupees(text), JSON.stringify(text)).to.equal(undefined);
  });

  it('formats paise with two decimals', () => {
    const cases: [number, string][] = [
      [12_345, '123.45'],
      [5, '0.05'],
      [0, '0.00'],
      [100, '1.00'],
      [1_000_000_000, '10000000.00'],
    ];
    for (const [paise, text] of cases) expect(formatRupees(paise)).to.equal(text);
  });

  it('round-trips', () => {
    for (const paise of [1, 99, 100, 101, 25_000, 123_456_789])
      expect(parseRupees(formatRupees(paise))).to.equal(paise);
  });

  it('refuses to format a negative, fractional or unsafe amount', () => {
    for (const paise of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])
      expect(() => formatRupees(paise)).to.throw(RangeError);
  });
});
