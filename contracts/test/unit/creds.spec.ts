/** The PIN block: sealed by the client for the remitter bank, opaque to PSP and switch, opened by the bank. */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import nacl from 'tweetnacl';
import {
  CREDS_DATA_LENGTH_MAX,
  createTestKeys,
  generateParticipantKeys,
  openCreds,
  sealCreds,
  type CredsPayload,
  type OwnKeys,
} from '../../src/index.ts';

const keys = createTestKeys(['bank.lotus', 'bank.banyan']);
const lotusKey = keys.directory.current('bank.lotus')!;
const lotus = keys.own('bank.lotus');
const TXN_ID = 'ZAPa1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6';

const pay: CredsPayload = {
  purpose: 'PAY',
  pin: '482916',
  txnId: TXN_ID,
  amountMinor: 25_000,
  sealedAt: 1_763_720_100_000,
};
const set: CredsPayload = {
  purpose: 'SET',
  newPin: '4829',
  acNum: '100000000001',
  cardLast6: '400001',
  cardExpiry: '1229',
  otp: '502913',
  sealedAt: 1,
};
const change: CredsPayload = {
  purpose: 'CHANGE',
  oldPin: '4829',
  newPin: '918273',
  acNum: '100000000001',
  sealedAt: 1,
};

type Block = { v: number; keyId: string; epk: string; nonce: string; ct: string };
const blockOf = (data: string): Block => JSON.parse(Buffer.from(data, 'base64url').toString('utf8')) as Block;
const dataOf = (block: Block): string => Buffer.from(JSON.stringify(block)).toString('base64url');
/** Flips the low bit of the first byte (X25519 ignores the top bit of the last byte of a public key). */
const flip = (base64: string): string => {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] ^= 0x01;
  return bytes.toString('base64');
};

/** A block made with plain tweetnacl (box with its own key agreement): proves the format is nacl.box. */
const tweetnaclBlock = (plaintext: string, keyId = lotusKey.keyId): string => {
  const ephemeral = nacl.box.keyPair();
  const nonce = randomBytes(24);
  const ct = nacl.box(Buffer.from(plaintext), nonce, lotusKey.boxPublicKey, ephemeral.secretKey);
  return dataOf({
    v: 1,
    keyId,
    epk: Buffer.from(ephemeral.publicKey).toString('base64'),
    nonce: nonce.toString('base64'),
    ct: Buffer.from(ct).toString('base64'),
  });
};

describe('creds (PIN block)', () => {
  it('round-trips PAY, SET and CHANGE payloads in a compact base64url string', () => {
    for (const payload of [pay, set, change]) {
      const data = sealCreds(payload, lotusKey);
      expect(data).to.match(/^[A-Za-z0-9_-]+$/);
      expect(data.length).to.be.at.most(CREDS_DATA_LENGTH_MAX);
      expect(Object.keys(blockOf(data))).to.deep.equal(['v', 'keyId', 'epk', 'nonce', 'ct']);
      expect(openCreds(data, lotus)).to.deep.equal({ ok: true, payload });
    }
  });

  it('uses a fresh ephemeral key per block', () => {
    const a = blockOf(sealCreds(pay, lotusKey));
    const b = blockOf(sealCreds(pay, lotusKey));
    expect(a.epk).to.not.equal(b.epk);
    expect(a.ct).to.not.equal(b.ct);
  });

  it('opens blocks made by plain tweetnacl box (same format), and checks what they carry', () => {
    expect(openCreds(tweetnaclBlock(JSON.stringify(pay)), lotus)).to.deep.equal({ ok: true, payload: pay });
    for (const bad of [
      { ...pay, pin: '12345' },
      { ...pay, pin: 'abcd' },
      { ...pay, amountMinor: 0 },
      { ...pay, extra: 1 },
      { purpose: 'PAY' },
      'not json',
      '[]',
    ]) {
      const plaintext = typeof bad === 'string' ? bad : JSON.stringify(bad);
      expect(openCreds(tweetnaclBlock(plaintext), lotus), plaintext).to.deep.equal({
        ok: false,
        reason: 'invalid',
      });
    }
  });

  it('undecryptable: sealed for another bank with the same key id', () => {
    const banyan = keys.own('bank.banyan');
    expect(banyan.keys[0].keyId).to.equal(lotusKey.keyId);
    expect(openCreds(sealCreds(pay, lotusKey), banyan)).to.deep.equal({ ok: false, reason: 'undecryptable' });
  });

  it('unknown_key: sealed for a key generation the bank does not hold', () => {
    const k2 = generateParticipantKeys('bank.lotus', 'k2', new Date());
    expect(openCreds(sealCreds(pay, k2.publicEntry), lotus)).to.deep.equal({
      ok: false,
      reason: 'unknown_key',
    });
    const both: OwnKeys = { participant: 'bank.lotus', keys: [k2.privateEntry, ...lotus.keys] };
    expect(openCreds(sealCreds(pay, k2.publicEntry), both).ok).to.equal(true);
    expect(openCreds(sealCreds(pay, lotusKey), both).ok).to.equal(true);
  });

  it('tampered ciphertext, nonce or ephemeral key is undecryptable', () => {
    const block = blockOf(sealCreds(pay, lotusKey));
    for (const tampered of [
      { ...block, ct: flip(block.ct) },
      { ...block, nonce: flip(block.nonce) },
      { ...block, epk: flip(block.epk) },
    ]) {
      expect(openCreds(dataOf(tampered), lotus)).to.deep.equal({ ok: false, reason: 'undecryptable' });
    }
  });

  it('malformed: truncated, not base64url, not a block, too long', () => {
    const data = sealCreds(pay, lotusKey);
    const block = blockOf(data);
    const malformed = [
      data.slice(0, 40),
      `${data}!`,
      '',
      dataOf({ ...block, v: 2 }),
      dataOf({ ...block, nonce: block.nonce.slice(4) }),
      Buffer.from('{"v":1}').toString('base64url'),
      'A'.repeat(CREDS_DATA_LENGTH_MAX + 1),
    ];
    for (const bad of malformed)
      expect(openCreds(bad, lotus), bad.slice(0, 30)).to.deep.equal({ ok: false, reason: 'malformed' });
  });

  it('refuses to seal an invalid payload or for a retired key, without echoing the PIN', () => {
    for (const bad of [
      { ...pay, pin: '48291' },
      { ...pay, pin: '48291a' },
      { ...change, newPin: '48291' },
      { ...set, cardExpiry: '1329' },
    ]) {
      let error: unknown;
      try {
        sealCreds(bad, lotusKey);
      } catch (caught) {
        error = caught;
      }
      expect(error).to.have.property('code', 'CONTRACTS_ERR_INVALID_CREDS');
      const text = `${(error as Error).message} ${(error as Error).stack ?? ''} ${JSON.stringify(error)}`;
      expect(text).to.not.match(/48291|4829|918273/);
      expect((error as Error).message).to.match(/\//); // names the field path
    }
    expect(() => sealCreds(pay, { ...lotusKey, retiredAt: new Date().toISOString() }))
      .to.throw()
      .with.property('code', 'CONTRACTS_ERR_KEY_RETIRED');
  });

  it('results carry no detail that could hold a PIN', () => {
    const failure = openCreds(tweetnaclBlock(JSON.stringify({ ...pay, pin: '48291' })), lotus);
    expect(failure).to.deep.equal({ ok: false, reason: 'invalid' });
    expect(JSON.stringify(failure)).to.not.include('48291');
  });
});
