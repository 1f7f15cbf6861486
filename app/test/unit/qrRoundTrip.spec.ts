/**
 * UPI intents through a real QR image: made with `qrcode` (PNG), read back with `jsqr` (the library the
 * app's scanner uses), parsed with contracts' parseUpiIntent — for a table of intents and for generated
 * ones (any VPA, amount and note).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { buildUpiIntent, parseUpiIntent, type UpiIntent } from '@switchyard/contracts';
import { receiveIntentOf } from '../../src/receiveIntent.ts';

// jsqr is CommonJS: its function is both module.exports and its `default` (typed as the latter under nodenext).
const jsQR = jsQRModule.default;

/** Text → PNG (qrcode) → pixels (pngjs) → text (jsqr). */
const throughQrImage = async (text: string): Promise<string | undefined> => {
  const png = PNG.sync.read(
    await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 2 }),
  );
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
};

const table: UpiIntent[] = [
  { pa: 'asha@zap', pn: 'Asha Rao', extras: [] },
  {
    pa: 'vikram@kite',
    pn: 'Vikram Singh',
    amountMinor: 25_050,
    cu: 'INR',
    tn: 'Dinner & a movie',
    tr: 'ORD42',
    extras: [],
  },
  {
    pa: 'shop.12@kite',
    pn: 'Kite Store',
    amountMinor: 50_000,
    minimumAmountMinor: 10_000,
    cu: 'INR',
    tr: 'T1',
    mc: '5812',
    tid: 'ZAP123abc',
    url: 'https://shop.example/bill?id=1&x=2',
    extras: [['mode', '02']],
  },
  { pa: 'meera.iyer@kite', pn: 'मीरा अय्यर', tn: 'चाय ☕ 100% + tip', extras: [] },
];

describe('UPI intents through a QR image (qrcode → PNG → jsqr)', function () {
  this.timeout(60_000);

  for (const intent of table) {
    it(`reads back ${intent.pa} ${intent.amountMinor ?? 'static'}`, async () => {
      const text = buildUpiIntent(intent);
      const read = await throughQrImage(text);
      expect(read).to.equal(text);
      expect(parseUpiIntent(read!)).to.deep.equal({ ok: true, intent });
    });
  }

  it('reads back the receive intents the app shows, static and dynamic', async () => {
    const dynamic = receiveIntentOf({
      vpa: 'nila@kite',
      name: 'Nila Menon',
      amountMinor: 12_000,
      note: 'Tea',
    });
    for (const text of [receiveIntentOf({ vpa: 'nila@kite', name: 'Nila Menon' }), dynamic])
      expect(await throughQrImage(text)).to.equal(text);
  });

  it('for any VPA, amount and note, the intent survives the image', async () => {
    const vpa = fc
      .tuple(fc.stringMatching(/^[a-z0-9._-]{2,30}$/), fc.stringMatching(/^[a-z]{2,10}$/))
      .map(([user, handle]) => `${user}@${handle}`);
    const note = fc
      .string({ unit: 'grapheme', maxLength: 50 })
      .filter((s) => /^[^\p{Cc}\p{Cs}]*$/u.test(s) && [...s].length <= 50);
    await fc.assert(
      fc.asyncProperty(vpa, fc.integer({ min: 1, max: 1_000_000_000 }), note, async (pa, amountMinor, tn) => {
        const intent: UpiIntent = { pa, pn: 'Payee', amountMinor, cu: 'INR', tn, tr: 'R1', extras: [] };
        const read = await throughQrImage(buildUpiIntent(intent));
        expect(parseUpiIntent(read ?? '')).to.deep.equal({ ok: true, intent });
      }),
      { numRuns: 40 },
    );
  });
});
