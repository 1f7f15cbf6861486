/**
 * Key files on disk (a temporary folder): the per-participant layout, generation, idempotency, rotation with
 * activation, scheduled retirement, reloading without a restart, and re-sealing (the CLI: tools).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import nacl from 'tweetnacl';
import {
  amqpHeadersFor,
  createKeyDirectory,
  createOpener,
  createSealer,
  createTestKeys,
  generateKeys,
  generateParticipantKeys,
  loadKeyDirectory,
  loadOwnKeys,
  loadParticipantCrypto,
  newMessageId,
  participantKeysDir,
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

  /** A participant's own keys folder, as a service is given it. */
  const folder = (participant: string) => participantKeysDir(dir, participant);
  const sealerOf = (participant: string) =>
    createSealer(loadOwnKeys(folder(participant), participant), loadKeyDirectory(folder(participant)));
  const openerOf = (participant: string) =>
    createOpener(loadOwnKeys(folder(participant), participant), loadKeyDirectory(folder(participant)));
  const sealAndOpen = (sealer = sealerOf('psp.zap'), now = NOW) => {
    const messageId = newMessageId();
    const sealed = sealer.seal({
      recipient: 'switch',
      message: fixture('upi.ReqValAdd.v1', messageId),
      messageId,
      now,
    });
    return {
      sealed,
      open: (opener = openerOf('switch'), at = now): OpenResult =>
        opener.open({ body: sealed.body, amqpMessageId: sealed.headers.messageId, now: at }),
    };
  };

  it('generates k1 for each participant: a master directory, and per participant a 0700 folder with a copy of it and only its own private file (0600)', async () => {
    expect(await generateKeys({ dir, participants: PARTICIPANTS, now: NOW })).to.deep.equal({
      created: ['switch/k1', 'psp.zap/k1', 'bank.lotus/k1'],
    });
    const directoryText = readFileSync(join(dir, 'directory.json'), 'utf8');
    expect(directoryText).to.not.match(/boxSecretKey|signSeed/);
    for (const participant of PARTICIPANTS) {
      expect(statSync(folder(participant)).mode & 0o777).to.equal(0o700);
      expect(readdirSync(folder(participant)).sort()).to.deep.equal(['directory.json', 'private']);
      expect(readdirSync(join(folder(participant), 'private'))).to.deep.equal([`${participant}.json`]);
      expect(readFileSync(join(folder(participant), 'directory.json'), 'utf8')).to.equal(directoryText);
      const file = join(folder(participant), 'private', `${participant}.json`);
      expect(statSync(file).mode & 0o777, file).to.equal(0o600);
      const own = loadOwnKeys(folder(participant), participant);
      expect(own.keys.map((key) => key.keyId)).to.deep.equal(['k1']);
      expect(directoryText).to.not.include(Buffer.from(own.keys[0].boxSecretKey).toString('base64'));
    }
    expect(existsSync(join(dir, 'private'))).to.equal(false);
    const directory = loadKeyDirectory(dir);
    expect(directory.participants()).to.deep.equal(PARTICIPANTS);
    expect(directory.current('switch')).to.include({
      participant: 'switch',
      keyId: 'k1',
      createdAt: NOW.toISOString(),
    });
    expect(directory.current('switch')?.activatesAt).to.equal(undefined);
    expect(sealAndOpen().open().ok).to.equal(true);
  });

  it('is idempotent: a second run creates nothing and changes no file; a new participant gets keys', async () => {
    await generateKeys({ dir, participants: PARTICIPANTS, now: NOW });
    const before = readFileSync(join(dir, 'directory.json'), 'utf8');
    const privateFile = join(folder('switch'), 'private', 'switch.json');
    const privateBefore = readFileSync(privateFile, 'utf8');
    const copyStat = statSync(join(folder('switch'), 'directory.json')).mtimeMs;
    expect(await generateKeys({ dir, participants: PARTICIPANTS })).to.deep.equal({ created: [] });
    expect(readFileSync(join(dir, 'directory.json'), 'utf8')).to.equal(before);
    expect(readFileSync(privateFile, 'utf8')).to.equal(privateBefore);
    expect(statSync(join(folder('switch'), 'directory.json')).mtimeMs).to.equal(copyStat);
    expect(await generateKeys({ dir, participants: [...PARTICIPANTS, 'bank.banyan'] })).to.deep.equal({
      created: ['bank.banyan/k1'],
    });
    expect(readFileSync(privateFile, 'utf8')).to.equal(privateBefore);
    expect(loadKeyDirectory(folder('switch')).current('bank.banyan')?.keyId).to.equal('k1');
  });

  it('moves private files of the old flat layout (<dir>/private/<p>.json) into each participant’s folder', async () => {
    await generateKeys({ dir, participants: PARTICIPANTS, now: NOW });
    const switchKeys = readFileSync(join(folder('switch'), 'private', 'switch.json'), 'utf8');
    // Rebuild the old layout: every private file in <dir>/private, no participant folders.
    mkdirSync(join(dir, 'private'), { mode: 0o700 });
    for (const participant of PARTICIPANTS) {
      renameSync(
        join(folder(participant), 'private', `${participant}.json`),
        join(dir, 'private', `${participant}.json`),
      );
      rmSync(folder(participant), { recursive: true });
    }
    expect(await generateKeys({ dir, participants: PARTICIPANTS })).to.deep.equal({ created: [] });
    expect(readFileSync(join(folder('switch'), 'private', 'switch.json'), 'utf8')).to.equal(switchKeys);
    expect(existsSync(join(dir, 'private'))).to.equal(false);
    expect(sealAndOpen().open().ok).to.equal(true);
  });

  it('rotates: the new key is published first and used from its activation; old envelopes open until retired', async () => {
    await generateKeys({ dir, participants: PARTICIPANTS, now: NOW });
    const old = sealAndOpen();
    const at = (ms: number) => new Date(NOW.getTime() + ms);
    expect(
      await generateKeys({
        dir,
        participants: PARTICIPANTS,
        rotate: ['psp.zap'],
        now: at(60_000),
        activateAfterMs: 10_000,
      }),
    ).to.deep.equal({ created: ['psp.zap/k2'] });
    expect(loadOwnKeys(folder('psp.zap'), 'psp.zap').keys.map((key) => key.keyId)).to.deep.equal([
      'k2',
      'k1',
    ]);
    const directory = loadKeyDirectory(folder('switch'));
    expect(directory.lookup('psp.zap', 'k2')?.activatesAt).to.equal(at(70_000).toISOString());
    expect(directory.current('psp.zap', at(69_999))?.keyId, 'published, not yet used').to.equal('k1');
    expect(directory.current('psp.zap', at(70_000))?.keyId).to.equal('k2');
    const beforeActivation = sealAndOpen(sealerOf('psp.zap'), at(65_000));
    expect(beforeActivation.sealed.headers.senderKeyId).to.equal('k1');
    const fresh = sealAndOpen(sealerOf('psp.zap'), at(70_000));
    expect(fresh.sealed.headers.senderKeyId).to.equal('k2');
    // A peer whose clock is behind the activation still opens it: it knows the published key.
    expect(fresh.open(openerOf('switch'), at(69_000)).ok).to.equal(true);
    expect(old.open(openerOf('switch'), at(70_000)).ok).to.equal(true);

    expect(
      await rejectionCodeOf(retireKey({ dir, participant: 'psp.zap', keyId: 'k1', now: at(61_000) })),
      'not before k2 is usable',
    ).to.equal('CONTRACTS_ERR_KEY_STATE');
    await retireKey({ dir, participant: 'psp.zap', keyId: 'k1', now: at(80_000), retireAfterMs: 30_000 });
    expect(loadKeyDirectory(folder('bank.lotus')).lookup('psp.zap', 'k1')?.retiredAt).to.equal(
      at(110_000).toISOString(),
    );
    expect(old.open(openerOf('switch'), at(109_999)).ok, 'scheduled, not yet retired').to.equal(true);
    expect(old.open(openerOf('switch'), at(110_000))).to.include({ ok: false, reason: 'unknown_key' });
    expect(fresh.open(openerOf('switch'), at(110_000)).ok).to.equal(true);
    await retireKey({ dir, participant: 'psp.zap', keyId: 'k1', now: new Date() }); // already retired: unchanged
    expect(loadKeyDirectory(dir).lookup('psp.zap', 'k1')?.retiredAt).to.equal(at(110_000).toISOString());
    expect(
      await rejectionCodeOf(retireKey({ dir, participant: 'psp.zap', keyId: 'k2', now: at(200_000) })),
      'the last usable key',
    ).to.equal('CONTRACTS_ERR_KEY_STATE');
    expect(
      await generateKeys({ dir, participants: PARTICIPANTS, rotate: ['psp.zap'], now: at(60_000) }),
    ).to.deep.equal({ created: ['psp.zap/k3'] });
  });

  it('a loaded participant follows its folder without a restart: peers’ new keys, its own new key, retirements', async () => {
    await generateKeys({ dir, participants: PARTICIPANTS });
    const zap = loadParticipantCrypto(folder('psp.zap'), 'psp.zap', { reloadIntervalMs: 0 });
    const switchCrypto = loadParticipantCrypto(folder('switch'), 'switch', { reloadIntervalMs: 0 });
    const send = (now = new Date()) => {
      const messageId = newMessageId();
      const sealed = zap.sealer.seal({
        recipient: 'switch',
        message: fixture('upi.ReqValAdd.v1', messageId),
        messageId,
        now,
      });
      return {
        sealed,
        opened: switchCrypto.opener.open({ body: sealed.body, amqpMessageId: messageId, now }),
      };
    };
    expect(send().opened.ok).to.equal(true);
    await generateKeys({
      dir,
      participants: PARTICIPANTS,
      rotate: ['switch', 'psp.zap'],
      activateAfterMs: 0,
    });
    const after = send();
    expect([after.sealed.headers.senderKeyId, after.sealed.headers.recipientKeyId]).to.deep.equal([
      'k2',
      'k2',
    ]);
    expect(after.opened.ok).to.equal(true);
    expect(switchCrypto.directory.current('psp.zap')?.keyId).to.equal('k2');
    await retireKey({ dir, participant: 'switch', keyId: 'k1', now: new Date() });
    expect(switchCrypto.directory.lookup('switch', 'k1')?.retiredAt).to.be.a('string');
  });

  it('a sealer re-seals what it sealed once a key it used is retiring: same message id, today’s keys', async () => {
    await generateKeys({ dir, participants: PARTICIPANTS, now: NOW });
    const zap = loadParticipantCrypto(folder('psp.zap'), 'psp.zap', { reloadIntervalMs: 0 });
    const messageId = newMessageId();
    const parked = zap.sealer.seal({
      recipient: 'switch',
      message: fixture('upi.ReqValAdd.v1', messageId),
      messageId,
      correlationId: 'ZAP0001',
      now: NOW,
    });
    const headers = amqpHeadersFor(parked.headers);
    expect(zap.sealer.needsReseal(headers, NOW)).to.equal(false);
    await generateKeys({ dir, participants: PARTICIPANTS, rotate: ['switch'], activateAfterMs: 0 });
    expect(zap.sealer.needsReseal(headers, NOW), 'a newer key alone changes nothing').to.equal(false);
    await retireKey({ dir, participant: 'switch', keyId: 'k1', now: new Date(), retireAfterMs: 60_000 });
    expect(zap.sealer.needsReseal(headers, new Date()), 'retirement scheduled').to.equal(true);
    const now = new Date();
    const resealed = zap.sealer.reseal(parked.body, now);
    expect(resealed.headers).to.deep.include({
      messageId,
      type: 'upi.ReqValAdd.v1',
      correlationId: 'ZAP0001',
      senderKeyId: 'k1',
      recipientKeyId: 'k2',
      sealedAt: now.getTime(),
    });
    const switchCrypto = loadParticipantCrypto(folder('switch'), 'switch');
    const late = new Date(now.getTime() + 60_000);
    expect(switchCrypto.opener.open({ body: parked.body, amqpMessageId: messageId, now: late })).to.include({
      ok: false,
      reason: 'wrong_recipient',
    });
    const opened = switchCrypto.opener.open({ body: resealed.body, amqpMessageId: messageId, now: late });
    expect(opened.ok && opened.opened.message).to.deep.equal(fixture('upi.ReqValAdd.v1', messageId));
    expect(
      codeOf(() => switchCrypto.sealer.reseal(parked.body, now)),
      'not its own envelope',
    ).to.equal('CONTRACTS_ERR_RESEAL');
  });

  it('refuses inconsistent or unknown state with stable codes', async () => {
    expect(codeOf(() => loadKeyDirectory(dir))).to.equal('CONTRACTS_ERR_KEY_FILE');
    expect(codeOf(() => loadOwnKeys(dir, 'switch'))).to.equal('CONTRACTS_ERR_KEY_FILE');
    expect(codeOf(() => loadOwnKeys(dir, '../etc/passwd'))).to.equal('CONTRACTS_ERR_KEY_STATE');
    expect(codeOf(() => participantKeysDir(dir, '../etc'))).to.equal('CONTRACTS_ERR_KEY_STATE');
    await generateKeys({ dir, participants: PARTICIPANTS, now: NOW });
    expect(await rejectionCodeOf(retireKey({ dir, participant: 'switch', keyId: 'k9', now: NOW }))).to.equal(
      'CONTRACTS_ERR_KEY_STATE',
    );
    expect(
      await rejectionCodeOf(generateKeys({ dir, participants: PARTICIPANTS, rotate: ['psp.nobody'] })),
    ).to.equal('CONTRACTS_ERR_KEY_STATE');
    unlinkSync(join(folder('bank.lotus'), 'private', 'bank.lotus.json'));
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
