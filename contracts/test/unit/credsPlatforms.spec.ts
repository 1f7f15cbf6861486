/**
 * One sealing implementation, two key agreements: the browser's (tweetnacl, boxAgreementNacl.ts) and Node's
 * (node:crypto, boxAgreementNode.ts) give the same bytes, so a block sealed in a browser opens at the bank.
 */
import { expect } from 'chai';
import nacl from 'tweetnacl';
import { createTestKeys, openCreds, sealCreds } from '../../src/index.ts';
import { ephemeralAgreement as naclAgreement } from '../../src/crypto/boxAgreementNacl.ts';
import { ephemeralAgreement as nodeAgreement } from '../../src/crypto/boxAgreementNode.ts';
import { fromBase64, toBase64, toBase64Url, utf8Bytes } from '../../src/crypto/bytes.ts';

const keys = createTestKeys(['bank.lotus']);
const lotusKey = keys.directory.current('bank.lotus')!;
const lotus = keys.own('bank.lotus');
const TXN_ID = 'ZAPa1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6';

/** What sealCreds does, with the agreement and the randomness handed in. */
const sealWith = (agreement: typeof naclAgreement, secret: Uint8Array, nonce: Uint8Array): string => {
  const { publicKey, sharedKey } = agreement(lotusKey.boxPublicKey, secret);
  const payload = { purpose: 'PAY', pin: '482916', txnId: TXN_ID, amountMinor: 25_000, sealedAt: 1 };
  const ct = nacl.box.after(utf8Bytes(JSON.stringify(payload)), nonce, sharedKey!);
  const block = {
    v: 1,
    keyId: lotusKey.keyId,
    epk: toBase64(publicKey),
    nonce: toBase64(nonce),
    ct: toBase64(ct),
  };
  return toBase64Url(utf8Bytes(JSON.stringify(block)));
};

describe('the PIN block on both platforms', () => {
  it('the tweetnacl and node:crypto agreements give the same key pair and box key for the same secret', () => {
    for (let i = 0; i < 20; i += 1) {
      const secret = nacl.randomBytes(32);
      const browser = naclAgreement(lotusKey.boxPublicKey, secret);
      const node = nodeAgreement(lotusKey.boxPublicKey, secret);
      expect(Buffer.from(browser.publicKey).toString('hex')).to.equal(
        Buffer.from(node.publicKey).toString('hex'),
      );
      expect(Buffer.from(browser.sharedKey!).toString('hex')).to.equal(
        Buffer.from(node.sharedKey!).toString('hex'),
      );
    }
  });

  it('a block sealed with the browser agreement is byte-identical to the Node one and opens at the bank', () => {
    const secret = nacl.randomBytes(32);
    const nonce = nacl.randomBytes(24);
    const browser = sealWith(naclAgreement, secret, nonce);
    expect(browser).to.equal(sealWith(nodeAgreement, secret, nonce));
    const opened = openCreds(browser, lotus);
    expect(opened.ok && opened.payload).to.deep.include({ purpose: 'PAY', pin: '482916', txnId: TXN_ID });
  });

  it('sealCreds (Node) writes the same format: base64url, no padding, fresh epk and nonce each time', () => {
    const payload = { purpose: 'PAY', pin: '4829', txnId: TXN_ID, amountMinor: 1, sealedAt: 1 } as const;
    const [a, b] = [sealCreds(payload, lotusKey), sealCreds(payload, lotusKey)];
    expect(a).to.match(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(a, 'base64url').toString('base64url')).to.equal(a);
    const blockOf = (data: string) =>
      JSON.parse(Buffer.from(data, 'base64url').toString('utf8')) as { epk: string; nonce: string };
    expect(blockOf(a).epk).to.not.equal(blockOf(b).epk);
    expect(blockOf(a).nonce).to.not.equal(blockOf(b).nonce);
    expect(openCreds(a, lotus).ok && openCreds(b, lotus).ok).to.equal(true);
  });

  it('the portable base64 helpers agree with Buffer for every byte value and length', () => {
    for (let length = 0; length < 70; length += 1) {
      const bytes = nacl.randomBytes(length);
      expect(toBase64(bytes)).to.equal(Buffer.from(bytes).toString('base64'));
      expect(toBase64Url(bytes)).to.equal(Buffer.from(bytes).toString('base64url'));
      expect([...fromBase64(toBase64(bytes))]).to.deep.equal([...bytes]);
    }
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(toBase64(all)).to.equal(Buffer.from(all).toString('base64'));
  });
});
