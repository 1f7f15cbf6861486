/** The receive intents the app shows and `make qr` prints (docs/upi.md §8.1). */
import { expect } from 'chai';
import { parseUpiIntent } from '@switchyard/contracts';
import { newIntentRef, receiveIntentOf } from '../../src/receiveIntent.ts';

describe('receive intents', () => {
  it('static: payee address and name only, the payer types the amount', () => {
    expect(receiveIntentOf({ vpa: 'asha@zap', name: 'Asha Rao' })).to.equal(
      'upi://pay?pa=asha@zap&pn=Asha%20Rao',
    );
  });

  it('dynamic: amount in rupees, INR, the note and a fresh 12-character reference', () => {
    const text = receiveIntentOf({
      vpa: 'asha@zap',
      name: 'Asha Rao',
      amountMinor: 25_000,
      note: 'Rent share',
    });
    expect(text).to.match(
      /^upi:\/\/pay\?pa=asha@zap&pn=Asha%20Rao&am=250\.00&cu=INR&tn=Rent%20share&tr=[A-HJ-NP-Z2-9]{12}$/,
    );
    const parsed = parseUpiIntent(text);
    expect(parsed.ok && parsed.intent.amountMinor).to.equal(25_000);
  });

  it('a given reference is kept; fresh ones differ', () => {
    expect(receiveIntentOf({ vpa: 'asha@zap', name: 'A', amountMinor: 1, ref: 'INV7' })).to.match(
      /&tr=INV7$/,
    );
    const refs = new Set(Array.from({ length: 50 }, newIntentRef));
    expect(refs.size).to.equal(50);
  });

  it('refuses what is not a valid intent, naming the parameter', () => {
    expect(() => receiveIntentOf({ vpa: 'asha@zap', name: '' })).to.throw(RangeError, /pn/);
    expect(() =>
      receiveIntentOf({ vpa: 'asha@zap', name: 'A', amountMinor: 1, note: 'n'.repeat(51) }),
    ).to.throw(RangeError, /tn/);
  });
});
