/** UPI payment intents (docs/upi.md §8.1): a table of valid and invalid intents, and the amount rules. */
import { expect } from 'chai';
import {
  amountRuleOf,
  buildUpiIntent,
  intentAmountProblem,
  parseUpiIntent,
  type UpiIntent,
} from '../../src/index.ts';

const valid: Array<[string, Partial<UpiIntent>]> = [
  ['upi://pay?pa=asha@zap&pn=Asha%20Rao', { pa: 'asha@zap', pn: 'Asha Rao', extras: [] }],
  ['UPI://PAY?pa=asha@zap&pn=Asha', { pa: 'asha@zap', pn: 'Asha' }],
  ['upi://pay?pa=asha%40zap&pn=A', { pa: 'asha@zap' }],
  [
    'upi://pay?pa=shop.12@kite&pn=Kite%20Store&am=250.00&cu=INR&tn=Order%2042&tr=ORD42',
    { amountMinor: 25_000, cu: 'INR', tn: 'Order 42', tr: 'ORD42' },
  ],
  ['upi://pay?pa=a.b@zap&pn=X&am=1', { amountMinor: 100 }],
  ['upi://pay?pa=a.b@zap&pn=X&am=0.5', { amountMinor: 50 }],
  ['upi://pay?pa=a.b@zap&pn=X&am=500&mam=100', { amountMinor: 50_000, minimumAmountMinor: 10_000 }],
  ['upi://pay?pa=a.b@zap&pn=X&mam=10.00', { minimumAmountMinor: 1000 }],
  [
    'upi://pay?pa=mm@zap&pn=Chai&mc=5812&tr=T1&tid=ZAP123abc&url=https%3A%2F%2Fchai.example%2Fbill%3Fid%3D1',
    { mc: '5812', tr: 'T1', tid: 'ZAP123abc', url: 'https://chai.example/bill?id=1' },
  ],
  ['upi://pay?pa=a.b@zap&pn=A+B', { pn: 'A+B' }],
  ['upi://pay?pa=a.b@zap&pn=%E0%A4%86%E0%A4%B6%E0%A4%BE', { pn: 'आशा' }],
  [
    'upi://pay?pa=a.b@zap&pn=X&mode=02&purpose=00&orgid=000000',
    {
      extras: [
        ['mode', '02'],
        ['purpose', '00'],
        ['orgid', '000000'],
      ],
    },
  ],
  ['upi://pay?pa=a.b@zap&pn=X&&tn=', { tn: '' }],
  ['  upi://pay?pa=a.b@zap&pn=X  ', { pa: 'a.b@zap' }],
];

const invalid: Array<[string, string, RegExp]> = [
  ['https://example.com/?pa=ab@zap', 'intent', /not a UPI payment link/],
  ['upi://mandate?pa=ab@zap&pn=X', 'intent', /not a UPI payment link/],
  ['upi://pay', 'pa', /required/],
  ['upi://pay?pn=X', 'pa', /required/],
  ['upi://pay?pa=ab@zap', 'pn', /required/],
  ['upi://pay?pa=not-a-vpa&pn=X', 'pa', /UPI address/],
  ['upi://pay?pa=ab@zap&pn=', 'pn', /empty/],
  ['upi://pay?pa=ab@zap&pn=' + 'x'.repeat(100), 'pn', /at most 99/],
  ['upi://pay?pa=ab@zap&pn=A%00B', 'pn', /control characters/],
  ['upi://pay?pa=ab@zap&pn=A%0AB', 'pn', /control characters/],
  ['upi://pay?pa=ab@zap&pn=X&am=-5', 'am', /rupees/],
  ['upi://pay?pa=ab@zap&pn=X&am=1.234', 'am', /at most 2 decimals/],
  ['upi://pay?pa=ab@zap&pn=X&am=1e3', 'am', /rupees/],
  ['upi://pay?pa=ab@zap&pn=X&am=0', 'am', /more than 0/],
  ['upi://pay?pa=ab@zap&pn=X&am=0.00', 'am', /more than 0/],
  ['upi://pay?pa=ab@zap&pn=X&am=10000000.01', 'am', /at most/],
  ['upi://pay?pa=ab@zap&pn=X&am=', 'am', /rupees/],
  ['upi://pay?pa=ab@zap&pn=X&mam=abc', 'mam', /rupees/],
  ['upi://pay?pa=ab@zap&pn=X&am=10&mam=20', 'mam', /not be more than the amount/],
  ['upi://pay?pa=ab@zap&pn=X&cu=USD', 'cu', /INR/],
  ['upi://pay?pa=ab@zap&pn=X&tn=' + 'n'.repeat(51), 'tn', /at most 50/],
  ['upi://pay?pa=ab@zap&pn=X&tr=' + 'r'.repeat(36), 'tr', /at most 35/],
  ['upi://pay?pa=ab@zap&pn=X&mc=58', 'mc', /4-digit/],
  ['upi://pay?pa=ab@zap&pn=X&mc=5812', 'tr', /required when a merchant code/],
  ['upi://pay?pa=ab@zap&pn=X&tid=has%20space', 'tid', /letters and digits/],
  ['upi://pay?pa=ab@zap&pn=X&url=javascript%3Aalert(1)', 'url', /http or https/],
  ['upi://pay?pa=ab@zap&pn=X&url=not%20a%20url', 'url', /web address/],
  ['upi://pay?pa=ab@zap&pn=X&pa=b@zap', 'pa', /more than once/],
  ['upi://pay?pa=ab@zap&pn=%E0%A4', 'pn', /percent-encoding/],
  ['upi://pay?pa=ab@zap&pn=X&tn=100%', 'tn', /percent-encoding/],
  ['upi://pay?pa=ab@zap&pn=X&=%', 'intent', /percent-encoding/], // a value with no name (found by the property test)
  ['upi://pay?pa=ab@zap&pn=X&tn=' + 'a'.repeat(2100), 'intent', /longer than/],
];

describe('UPI intents: parseUpiIntent', () => {
  for (const [text, expected] of valid) {
    it(`accepts ${text.trim().slice(0, 90)}`, () => {
      const parsed = parseUpiIntent(text);
      expect(parsed.ok, JSON.stringify(parsed)).to.equal(true);
      if (parsed.ok) expect(parsed.intent).to.deep.include(expected);
    });
  }
  for (const [text, param, message] of invalid) {
    it(`refuses ${text.slice(0, 80)} naming ${param}`, () => {
      const parsed = parseUpiIntent(text);
      expect(parsed.ok).to.equal(false);
      if (!parsed.ok) {
        const error = parsed.errors.find((e) => e.param === param);
        expect(error, JSON.stringify(parsed.errors)).to.not.equal(undefined);
        expect(error!.message).to.match(message);
      }
    });
  }

  it('reports every invalid parameter at once', () => {
    const parsed = parseUpiIntent('upi://pay?pa=x&am=abc&cu=USD');
    expect(parsed.ok).to.equal(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => e.param).sort()).to.deep.equal(['am', 'cu', 'pa', 'pn']);
  });
});

describe('UPI intents: buildUpiIntent', () => {
  it('writes a static intent with spaces as %20 and the @ readable', () => {
    expect(buildUpiIntent({ pa: 'asha@zap', pn: 'Asha Rao', extras: [] })).to.equal(
      'upi://pay?pa=asha@zap&pn=Asha%20Rao',
    );
  });

  it('writes a dynamic intent in the specification order with the amount in rupees', () => {
    const text = buildUpiIntent({
      pa: 'vikram@kite',
      pn: 'Vikram Singh',
      amountMinor: 25_050,
      cu: 'INR',
      tn: 'Dinner & a movie',
      tr: 'REF 1',
      extras: [['mode', '02']],
    });
    expect(text).to.equal(
      'upi://pay?pa=vikram@kite&pn=Vikram%20Singh&am=250.50&cu=INR&tn=Dinner%20%26%20a%20movie&tr=REF%201&mode=02',
    );
    expect(text).to.not.include('+');
  });

  it('refuses to build an invalid intent, naming the parameter', () => {
    expect(() => buildUpiIntent({ pa: 'asha@zap', pn: '', extras: [] })).to.throw(RangeError, /pn/);
    expect(() => buildUpiIntent({ pa: 'asha', pn: 'A', extras: [] })).to.throw(RangeError, /pa/);
  });

  it('gives back an equivalent text for every valid intent of the table', () => {
    for (const [text] of valid) {
      const parsed = parseUpiIntent(text);
      if (!parsed.ok) throw new Error(text);
      const again = parseUpiIntent(buildUpiIntent(parsed.intent));
      expect(again).to.deep.equal(parsed);
    }
  });
});

describe('UPI intents: the amount a payer may pay', () => {
  const base: UpiIntent = { pa: 'ab@zap', pn: 'A', extras: [] };
  it('a fixed am cannot be changed', () => {
    const intent = { ...base, amountMinor: 25_000 };
    expect(amountRuleOf(intent)).to.deep.equal({ kind: 'fixed', amountMinor: 25_000 });
    expect(intentAmountProblem(intent, 25_000)).to.equal(undefined);
    expect(intentAmountProblem(intent, 24_999)).to.match(/^am: .*fixed/);
    expect(intentAmountProblem(intent, 25_001)).to.match(/^am: /);
  });
  it('with mam the payer may pay any amount at or above it, starting from am', () => {
    const intent = { ...base, amountMinor: 50_000, minimumAmountMinor: 10_000 };
    expect(amountRuleOf(intent)).to.deep.equal({
      kind: 'minimum',
      minimumAmountMinor: 10_000,
      suggestedMinor: 50_000,
    });
    expect(intentAmountProblem(intent, 10_000)).to.equal(undefined);
    expect(intentAmountProblem(intent, 90_000)).to.equal(undefined);
    expect(intentAmountProblem(intent, 9_999)).to.match(/^mam: /);
  });
  it('without am or mam any amount goes', () => {
    expect(amountRuleOf(base)).to.deep.equal({ kind: 'free' });
    expect(intentAmountProblem(base, 1)).to.equal(undefined);
  });
});
