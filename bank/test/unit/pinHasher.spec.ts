import { expect } from 'chai';
import { createPinHasher } from '../../src/hsm/pinHasher.ts';

const pepper = Buffer.alloc(32, 7);
const hasher = createPinHasher({ pepper, scryptN: 2 ** 4 });

describe('pinHasher', () => {
  it('verifies the PIN it hashed and refuses another', async () => {
    const verifier = await hasher.hash('1234');
    expect(await hasher.verify('1234', verifier)).to.equal(true);
    expect(await hasher.verify('1235', verifier)).to.equal(false);
    expect(await hasher.verify('123456', verifier)).to.equal(false);
  });

  it('stores only a salted hash: the PIN does not appear, two hashes of one PIN differ', async () => {
    const a = await hasher.hash('654321');
    const b = await hasher.hash('654321');
    expect(a).to.not.equal(b);
    expect(a).to.match(/^scrypt\$16\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).to.not.include('654321');
  });

  it('depends on the pepper: a verifier is useless with another pepper', async () => {
    const verifier = await hasher.hash('1234');
    const other = createPinHasher({ pepper: Buffer.alloc(32, 8), scryptN: 2 ** 4 });
    expect(await other.verify('1234', verifier)).to.equal(false);
  });

  it('verifies with the cost stored in the verifier (N can be raised later)', async () => {
    const old = await createPinHasher({ pepper, scryptN: 2 ** 5 }).hash('1234');
    expect(await hasher.verify('1234', old)).to.equal(true);
  });

  it('refuses malformed verifiers instead of throwing', async () => {
    for (const bad of [
      '',
      'scrypt$16$8$1$c2FsdA==',
      'bcrypt$16$8$1$a$b',
      'scrypt$15$8$1$c2FsdA==$aGFzaA==',
      'scrypt$16$8$1$c2FsdA==$aGFzaA==',
    ]) {
      expect(await hasher.verify('1234', bad)).to.equal(false);
    }
  });

  it('refuses a short pepper or a bad cost at creation', () => {
    expect(() => createPinHasher({ pepper: Buffer.alloc(8), scryptN: 16 }))
      .to.throw()
      .with.property('code', 'BANK_ERR_CONFIG');
    expect(() => createPinHasher({ pepper, scryptN: 1000 }))
      .to.throw()
      .with.property('code', 'BANK_ERR_CONFIG');
  });
});
