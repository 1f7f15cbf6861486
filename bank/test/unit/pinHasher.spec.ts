import { createHmac, randomBytes, scryptSync } from 'node:crypto';
import { expect } from 'chai';
import { createPinHasher, type PinSubject } from '../../src/hsm/pinHasher.ts';

const pvk = Buffer.alloc(32, 7);
const hasher = createPinHasher({ pvk });
const asha: PinSubject = { use: 'PIN', ifsc: 'LOTS0000001', acNum: '100000000001' };
const ravi: PinSubject = { use: 'PIN', ifsc: 'LOTS0000001', acNum: '100000000002' };

/** A verifier as the bank stored it before issue 9: scrypt(HMAC-SHA256(key, pin), salt), N = 2^4 here. */
const legacyVerifier = (key: Buffer, pin: string): string => {
  const salt = randomBytes(16);
  const hash = scryptSync(createHmac('sha256', key).update(pin).digest(), salt, 32, { N: 16, r: 8, p: 1 });
  return `scrypt$16$8$1$${salt.toString('base64')}$${hash.toString('base64')}`;
};

describe('pinHasher', () => {
  it("verifies the account's PIN and refuses another PIN", () => {
    const verifier = hasher.hash(asha, '1234');
    expect(hasher.verify(asha, '1234', verifier)).to.deep.equal({ correct: true });
    for (const wrong of ['1235', '123456', '', '4321'])
      expect(hasher.verify(asha, wrong, verifier)).to.deep.equal({ correct: false });
  });

  it('stores pvv$<key id>$<32 bytes>: never the PIN, one value per account, PIN and key', () => {
    const verifier = hasher.hash(asha, '654321');
    expect(verifier).to.match(/^pvv\$[0-9a-f]{8}\$[A-Za-z0-9+/]{43}=$/);
    expect(verifier).to.not.include('654321');
    expect(hasher.hash(asha, '654321'), 'deterministic').to.equal(verifier);
    expect(hasher.hash(ravi, '654321'), 'another account').to.not.equal(verifier);
    expect(hasher.hash({ ...asha, ifsc: 'LOTS0000002' }, '654321'), 'another IFSC').to.not.equal(verifier);
    expect(createPinHasher({ pvk: Buffer.alloc(32, 8) }).hash(asha, '654321')).to.not.equal(verifier);
  });

  it("another account's verifier does not verify this account, even with that account's PIN", () => {
    const ravis = hasher.hash(ravi, '1234');
    expect(hasher.verify(ravi, '1234', ravis).correct).to.equal(true);
    expect(hasher.verify(asha, '1234', ravis).correct).to.equal(false);
  });

  it("a one-time code's verifier is not a PIN verifier, and the other way round", () => {
    const otp: PinSubject = { ...asha, use: 'OTP' };
    expect(hasher.verify(otp, '123456', hasher.hash(otp, '123456')).correct).to.equal(true);
    expect(hasher.verify(asha, '123456', hasher.hash(otp, '123456')).correct).to.equal(false);
    expect(hasher.verify(otp, '123456', hasher.hash(asha, '123456')).correct).to.equal(false);
  });

  it('depends on the key: a verifier is useless to a bank without its key', () => {
    const verifier = hasher.hash(asha, '1234');
    expect(createPinHasher({ pvk: Buffer.alloc(32, 8) }).verify(asha, '1234', verifier)).to.deep.equal({
      correct: false,
    });
  });

  it('key rotation: a retired key still verifies, and the right PIN re-issues the verifier under the current key', () => {
    const rotated = createPinHasher({ pvk: Buffer.alloc(32, 9), retiredPvks: [Buffer.alloc(32, 5), pvk] });
    const old = hasher.hash(asha, '1234'); // made when pvk was the current key
    expect(rotated.verify(asha, '9999', old), 'a wrong PIN re-issues nothing').to.deep.equal({
      correct: false,
    });
    const { correct, reissued } = rotated.verify(asha, '1234', old);
    expect(correct).to.equal(true);
    expect(reissued).to.equal(rotated.hash(asha, '1234'));
    expect(reissued!.split('$')[1], 'names the current key').to.not.equal(old.split('$')[1]);
    expect(rotated.verify(asha, '1234', reissued!), 'current: nothing to re-issue').to.deep.equal({
      correct: true,
    });
    expect(rotated.verify(ravi, '1234', old).correct, 'still bound to its account').to.equal(false);
    // once the retired key is dropped, its verifiers no longer verify
    expect(createPinHasher({ pvk: Buffer.alloc(32, 9) }).verify(asha, '1234', old).correct).to.equal(false);
  });

  it('a legacy scrypt verifier still verifies, under any key held, and the right PIN upgrades it', () => {
    const legacy = legacyVerifier(pvk, '1234');
    expect(hasher.verify(asha, '1235', legacy)).to.deep.equal({ correct: false });
    const upgraded = hasher.verify(asha, '1234', legacy);
    expect(upgraded).to.deep.equal({ correct: true, reissued: hasher.hash(asha, '1234') });
    const rotated = createPinHasher({ pvk: Buffer.alloc(32, 9), retiredPvks: [pvk] });
    expect(rotated.verify(asha, '1234', legacy)).to.deep.equal({
      correct: true,
      reissued: rotated.hash(asha, '1234'),
    });
    expect(createPinHasher({ pvk: Buffer.alloc(32, 9) }).verify(asha, '1234', legacy).correct).to.equal(
      false,
    );
  });

  it('refuses malformed verifiers and unknown keys instead of throwing', () => {
    const good = hasher.hash(asha, '1234');
    const [, keyId, value] = good.split('$');
    for (const bad of [
      '',
      'pvv',
      `pvv$${keyId}`,
      `pvv$${keyId}$${value}$x`,
      `pvv$00000000$${value}`, // a key this bank does not hold
      `pvv$${keyId}$${value.slice(0, -4)}`, // 30 bytes
      `pvv$${keyId}$${value.replace('=', '')}`, // not canonical base64
      `PVV$${keyId}$${value}`,
      'scrypt$16$8$1$c2FsdA==',
      'bcrypt$16$8$1$a$b',
      'scrypt$15$8$1$c2FsdA==$aGFzaA==',
      'scrypt$16$8$1$c2FsdA==$aGFzaA==',
      `scrypt$${2 ** 21}$8$1$c2FsdA==$${value}`,
    ]) {
      expect(hasher.verify(asha, '1234', bad), bad).to.deep.equal({ correct: false });
    }
  });

  it('refuses a short key or the same key twice at creation', () => {
    expect(() => createPinHasher({ pvk: Buffer.alloc(8) }))
      .to.throw()
      .with.property('code', 'BANK_ERR_CONFIG');
    expect(() => createPinHasher({ pvk, retiredPvks: [Buffer.alloc(15)] }))
      .to.throw()
      .with.property('code', 'BANK_ERR_CONFIG');
    expect(() => createPinHasher({ pvk, retiredPvks: [Buffer.from(pvk)] }))
      .to.throw()
      .with.property('code', 'BANK_ERR_CONFIG');
  });
});
