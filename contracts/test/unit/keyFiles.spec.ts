/** Key files on disk (a temporary folder): generation, idempotency, rotation, retirement (the CLI: tools). */
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import nacl from 'tweetnacl';
import {
  createKeyDirectory,
  createOpener,
  createSealer,
  createTestKeys,
  generateKeys,
  generateParticipantKeys,
  loadKeyDirectory,
  loadOwnKeys,
  newMessageId,
  retireKey,
  type OpenResult,
} from '../../src/index.ts';
import { boxBeforeFast, x25519PrivateKey, x25519PublicKey } from '../../src/crypto/nodeKeys.ts';
import { fixture } from '../../src/fixtures.ts';

const PARTICIPANTS = ['switch', 'psp.zap', 'bank.lotus'];
const NOW = new Date('2025-11-21T10:00:00.000Z');
const codeOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return 'no error';
};
const rejectionCodeOf = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => 'no error',
    (error: { code?: unknown }) => error.code,
  );

describe('key files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sy-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const sealAndOpen = (
    keysDir: string,
    sealer = createSealer(loadOwnKeys(keysDir, 'psp.zap'), loadKeyDirectory(keysDir)),
  ) => {
    const messageId = newMessageId();
    const sealed = sealer.seal({
      recipient: 'switch',
      message: fixture('upi.ReqValAdd.v1', messageId),
      messageId,
      now: NOW,
    });
    return {
      sealed,
      open: (opener = createOpener(loadOwnKeys(keysDir, 'switch'), loadKeyDirectory(keysDir))): OpenResult =>
        opener.open({ body: sealed.body, amqpMessageId: sealed.headers.messageId, now: NOW }),
    };
  };

  it('generates k1 for each participant: public directory, private files 0600, usable keys', async () => {
    expect(await generateKeys({ dir, participants: PARTICIPANTS, now: NOW })).to.deep.equal({
      created: ['switch/k1', 'psp.zap/k1', 'bank.lotus/k1'],
    });
    const directoryText = readFileSync(join(dir, 'directory.json'), 'utf8');
    expect(directoryText).to.not.match(/boxSecretKey|signSeed/);
    for (const participant of PARTICIPANTS) {
      const file = join(dir, 'private', `${participant}.json`);
      expect(statSync(file).mode & 0o777, file).to.equal(0o600);
      const own = loadOwnKeys(dir, participant);
      expect(own.keys.map((key) => key.keyId)).to.deep.equal(['k1']);
      expect(directoryText).to.not.include(Buffer.from(own.keys[0].boxSecretKey).toString('base64'));
    }
    expect(statSync(join(dir, 'private')).mode & 0o777).to.equal(0o700);
    const directory = loadKeyDirectory(dir);
    expect(directory.participants()).to.deep.equal(PARTICIPANTS);
    expect(directory.current('switch')).to.include({
      participant: 'switch',
      keyId: 'k1',
      createdAt: NOW.toISOString(),
    });
    expect(sealAndOpen(dir).open().ok).to.equal(true);
  });

  it('is idempotent: a second run creates nothing and changes no file; a new participant gets keys', async () => {
    await generateKeys({ dir, participants: PARTICIPANTS, now: NOW });
    const before = readFileSync(join(dir, 'directory.json'), 'utf8');
    const privateBefore = readFileSync(join(dir, 'private', 'switch.json'), 'utf8');
    expect(await generateKeys({ dir, participants: PARTICIPANTS })).to.deep.equal({ created: [] });
    expect(readFileSync(join(dir, 'directory.json'), 'utf8')).to.equal(before);
    expect(readFileSync(join(dir, 'private', 'switch.json'), 'utf8')).to.equal(privateBefore);
    expect(await generateKeys({ dir, participants: [...PARTICIPANTS, 'bank.banyan'] })).to.deep.equal({
      created: ['bank.banyan/k1'],
    });
    expect(readFileSync(join(dir, 'private', 'switch.json'), 'utf8')).to.equal(privateBefore);
  });

  it('rotates: a new generation is current, old envelopes open until retireKey, then unknown_key', async () => {
    await generateKeys({ dir, participants: PARTICIPANTS, now: NOW });
    const old = sealAndOpen(dir);
    const later = new Date(NOW.getTime() + 60_000);
    expect(
      await generateKeys({ dir, participants: PARTICIPANTS, rotate: ['psp.zap'], now: later }),
    ).to.deep.equal({ created: ['psp.zap/k2'] });
    expect(loadOwnKeys(dir, 'psp.zap').keys.map((key) => key.keyId)).to.deep.equal(['k2', 'k1']);
    expect(loadKeyDirectory(dir).current('psp.zap')?.keyId).to.equal('k2');
    const fresh = sealAndOpen(dir);
    expect(fresh.sealed.headers.senderKeyId).to.equal('k2');
    expect(old.open().ok).to.equal(true);
    expect(fresh.open().ok).to.equal(true);

    await retireKey({ dir, participant: 'psp.zap', keyId: 'k1', now: later });
    expect(loadKeyDirectory(dir).lookup('psp.zap', 'k1')?.retiredAt).to.equal(later.toISOString());
    expect(old.open()).to.include({ ok: false, reason: 'unknown_key' });
    expect(fresh.open().ok).to.equal(true);
    await retireKey({ dir, participant: 'psp.zap', keyId: 'k1', now: new Date() }); // already retired: unchanged
    expect(loadKeyDirectory(dir).lookup('psp.zap', 'k1')?.retiredAt).to.equal(later.toISOString());
    expect(
      await generateKeys({ dir, participants: PARTICIPANTS, rotate: ['psp.zap'], now: later }),
    ).to.deep.equal({ created: ['psp.zap/k3'] });
  });

  it('refuses inconsistent or unknown state with stable codes', async () => {
    expect(codeOf(() => loadKeyDirectory(dir))).to.equal('CONTRACTS_ERR_KEY_FILE');
    expect(codeOf(() => loadOwnKeys(dir, 'switch'))).to.equal('CONTRACTS_ERR_KEY_FILE');
    expect(codeOf(() => loadOwnKeys(dir, '../etc/passwd'))).to.equal('CONTRACTS_ERR_KEY_STATE');
    await generateKeys({ dir, participants: PARTICIPANTS, now: NOW });
    expect(await rejectionCodeOf(retireKey({ dir, participant: 'switch', keyId: 'k9', now: NOW }))).to.equal(
      'CONTRACTS_ERR_KEY_STATE',
    );
    expect(
      await rejectionCodeOf(generateKeys({ dir, participants: PARTICIPANTS, rotate: ['psp.nobody'] })),
    ).to.equal('CONTRACTS_ERR_KEY_STATE');
    unlinkSync(join(dir, 'private', 'bank.lotus.json'));
    expect(await rejectionCodeOf(generateKeys({ dir, participants: PARTICIPANTS }))).to.equal(
      'CONTRACTS_ERR_KEY_STATE',
    );
    writeFileSync(join(dir, 'directory.json'), '{"switch": [{"keyId": "k1"}]}');
    expect(codeOf(() => loadKeyDirectory(dir))).to.equal('CONTRACTS_ERR_KEY_FILE');
    writeFileSync(join(dir, 'directory.json'), 'not json');
    expect(codeOf(() => loadKeyDirectory(dir))).to.equal('CONTRACTS_ERR_KEY_FILE');
  });
});

describe('key directory and generated keys', () => {
  it('current() is the newest non-retired generation; duplicates are refused', () => {
    const k1 = generateParticipantKeys('psp.zap', 'k1', NOW).publicEntry;
    const k2 = generateParticipantKeys('psp.zap', 'k2', NOW).publicEntry; // same instant: the generation decides
    expect(createKeyDirectory([k2, k1]).current('psp.zap')?.keyId).to.equal('k2');
    expect(
      createKeyDirectory([k1, { ...k2, retiredAt: NOW.toISOString() }]).current('psp.zap')?.keyId,
    ).to.equal('k1');
    const allRetired = createKeyDirectory([{ ...k1, retiredAt: NOW.toISOString() }]);
    expect(allRetired.current('psp.zap')).to.equal(undefined);
    expect(allRetired.participants()).to.deep.equal(['psp.zap']);
    expect(allRetired.lookup('psp.zap', 'k1')?.retiredAt).to.equal(NOW.toISOString());
    expect(codeOf(() => createKeyDirectory([k1, k1]))).to.equal('CONTRACTS_ERR_KEY_STATE');
  });

  it('derives the same public keys as tweetnacl, and boxBeforeFast equals nacl.box.before', () => {
    const a = generateParticipantKeys('psp.zap', 'k1', NOW);
    const b = generateParticipantKeys('switch', 'k1', NOW);
    expect(a.publicEntry.boxPublicKey).to.deep.equal(
      nacl.box.keyPair.fromSecretKey(a.privateEntry.boxSecretKey).publicKey,
    );
    expect(a.publicEntry.signPublicKey).to.deep.equal(
      nacl.sign.keyPair.fromSeed(a.privateEntry.signSeed).publicKey,
    );
    const fast = boxBeforeFast(
      x25519PublicKey(b.publicEntry.boxPublicKey),
      x25519PrivateKey(a.privateEntry.boxSecretKey),
    );
    expect(fast).to.deep.equal(nacl.box.before(b.publicEntry.boxPublicKey, a.privateEntry.boxSecretKey));
    expect(
      boxBeforeFast(x25519PublicKey(new Uint8Array(32)), x25519PrivateKey(a.privateEntry.boxSecretKey)),
    ).to.equal(undefined);
  });

  it('createTestKeys gives every participant its own k1 and refuses unknown ones', () => {
    const keys = createTestKeys(['switch', 'psp.zap']);
    expect(keys.entries.map((entry) => `${entry.participant}/${entry.keyId}`)).to.deep.equal([
      'switch/k1',
      'psp.zap/k1',
    ]);
    expect(keys.own('switch').keys[0].keyId).to.equal('k1');
    expect(codeOf(() => keys.own('bank.lotus'))).to.equal('CONTRACTS_ERR_KEY_STATE');
  });
});
