/**
 * The sealed envelope: round trip, every OpenFailureReason, key rotation on both sides.
 */
import { randomBytes, sign } from 'node:crypto';
import { expect } from 'chai';
import nacl from 'tweetnacl';
import {
  amqpHeadersFor,
  createKeyDirectory,
  createOpener,
  createSealer,
  createTestKeys,
  generateParticipantKeys,
  newMessageId,
  FUTURE_SKEW_MS_DEFAULT,
  REPLAY_WINDOW_MS_DEFAULT,
  type EnvelopeHeaders,
  type Message,
  type OpenResult,
  type OwnKeys,
  type PublicKeyEntry,
  type Sealed,
} from '../../src/index.ts';
import { encodeEnvelope, encodePayload, signingBytes } from '../../src/crypto/envelopeFormat.ts';
import { signingKeyFromSeed } from '../../src/crypto/nodeKeys.ts';
import { fixture } from '../../src/fixtures.ts';
import { createUncheckedSealer } from '../../src/testing.ts';

const NOW = new Date('2025-11-21T10:15:00.000Z');
const keys = createTestKeys(['switch', 'psp.zap', 'bank.lotus'], NOW);
const zapSealer = createSealer(keys.own('psp.zap'), keys.directory);
const switchOpener = createOpener(keys.own('switch'), keys.directory);

const reqPay = (messageId?: string) => fixture('upi.ReqPay.PAY.v1', messageId);
const sealPay = (
  options: { now?: Date; messageId?: string; sealer?: typeof zapSealer; recipient?: string } = {},
): Sealed => {
  const messageId = options.messageId ?? newMessageId();
  return (options.sealer ?? zapSealer).seal({
    recipient: options.recipient ?? 'switch',
    message: reqPay(messageId),
    messageId,
    correlationId: reqPay().txn.id,
    now: options.now ?? NOW,
  });
};
const openAt = (opener: typeof switchOpener, sealed: Sealed, now = NOW): OpenResult =>
  opener.open({ body: sealed.body, amqpMessageId: sealed.headers.messageId, now });
const reasonOf = (result: OpenResult): string => (result.ok ? 'ok' : result.reason);

type BodyJson = { headers: EnvelopeHeaders; nonce: string; ciphertext: string; signature: string };
/** A copy of `sealed` with its JSON body rewritten. */
const rewrite = (sealed: Sealed, change: (body: BodyJson) => void): Sealed => {
  const body = JSON.parse(sealed.body.toString('utf8')) as BodyJson;
  change(body);
  return { headers: body.headers, body: Buffer.from(JSON.stringify(body)) };
};
const flipFirstByte = (base64: string): string => {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] ^= 0x01;
  return bytes.toString('base64');
};

/** Seals by hand (plain nacl.box, no schema check): to reach the reasons a well-behaved sealer never produces. */
const sealRaw = (
  from: OwnKeys,
  to: PublicKeyEntry,
  headers: EnvelopeHeaders,
  message: unknown,
  signer = from.keys[0],
): Sealed => {
  const nonce = randomBytes(24);
  const ciphertext = nacl.box(
    encodePayload({ headers, message }),
    nonce,
    to.boxPublicKey,
    from.keys[0].boxSecretKey,
  );
  const signature = sign(null, signingBytes(headers, nonce, ciphertext), signingKeyFromSeed(signer.signSeed));
  return { headers, body: encodeEnvelope({ headers, nonce, ciphertext, signature }) };
};
const rawHeaders = (type: string): EnvelopeHeaders => ({
  v: 1,
  messageId: newMessageId(),
  type: type as EnvelopeHeaders['type'],
  sender: 'psp.zap',
  senderKeyId: 'k1',
  recipient: 'switch',
  recipientKeyId: 'k1',
  sealedAt: NOW.getTime(),
});

describe('envelope', () => {
  describe('round trip', () => {
    it('opens what it sealed: same headers, the decoded message', () => {
      const messageId = newMessageId();
      const sealed = sealPay({ messageId });
      expect(sealed.headers).to.deep.equal({
        v: 1,
        messageId,
        type: 'upi.ReqPay.PAY.v1',
        correlationId: reqPay().txn.id,
        sender: 'psp.zap',
        senderKeyId: 'k1',
        recipient: 'switch',
        recipientKeyId: 'k1',
        sealedAt: NOW.getTime(),
      });
      const result = openAt(switchOpener, sealed);
      expect(result).to.deep.equal({
        ok: true,
        opened: { headers: sealed.headers, message: reqPay(messageId) },
      });
    });

    it('carries causationId, and works for every message type in both directions', () => {
      const switchSealer = createSealer(keys.own('switch'), keys.directory);
      const zapOpener = createOpener(keys.own('psp.zap'), keys.directory);
      const sealed = switchSealer.seal({
        recipient: 'psp.zap',
        message: fixture('upi.RespPay.PAY.v1', 'm1'),
        messageId: 'm1',
        causationId: 'c1',
        now: NOW,
      });
      expect(sealed.headers.causationId).to.equal('c1');
      const opened = openAt(zapOpener, sealed);
      expect(opened.ok && opened.opened.headers.causationId).to.equal('c1');
      for (const type of [
        'upi.ReqPay.DEBIT.v1',
        'upi.RespListAccount.v1',
        'switch.TimeoutElapsed.v1',
      ] as const) {
        const messageId = newMessageId();
        const message = fixture(type, messageId) as Message;
        const result = openAt(
          createOpener(keys.own('bank.lotus'), keys.directory),
          switchSealer.seal({ recipient: 'bank.lotus', message, messageId, now: NOW }),
        );
        expect(result.ok && result.opened.message).to.deep.equal(message);
      }
    });

    it('shows only routing headers: no amount, account, name, VPA or PIN block in the clear', () => {
      const sealed = sealPay();
      const text = sealed.body.toString('utf8');
      const message = reqPay();
      for (const secret of [
        'Asha Rao',
        message.payer.ac.acNum,
        message.payer.addr,
        message.payee.addr,
        message.payer.creds.data,
        '25000',
        message.payer.device.mobile,
        'LOTS0000001',
      ]) {
        expect(text.includes(secret), secret).to.equal(false);
      }
      expect(Object.keys(JSON.parse(text))).to.deep.equal(['headers', 'nonce', 'ciphertext', 'signature']);
    });

    it('uses a fresh nonce per message', () => {
      const messageId = newMessageId();
      const a = JSON.parse(sealPay({ messageId }).body.toString()) as BodyJson;
      const b = JSON.parse(sealPay({ messageId }).body.toString()) as BodyJson;
      expect(a.nonce).to.not.equal(b.nonce);
      expect(a.ciphertext).to.not.equal(b.ciphertext);
    });

    it('gives the AMQP headers for the management UI', () => {
      const sealed = sealPay();
      expect(amqpHeadersFor(sealed.headers)).to.deep.equal({
        'x-sender': 'psp.zap',
        'x-recipient': 'switch',
        'x-sender-key-id': 'k1',
        'x-recipient-key-id': 'k1',
        'x-sealed-at': NOW.getTime(),
        'x-sealed-at-iso': NOW.toISOString(),
      });
    });
  });

  describe('seal refuses bugs', () => {
    it('throws on a message its schema refuses, naming the path', () => {
      const message = reqPay();
      message.amount.valueMinor = 0;
      expect(() => zapSealer.seal({ recipient: 'switch', message, messageId: 'm', now: NOW }))
        .to.throw(/\/amount\/valueMinor/)
        .with.property('code', 'CONTRACTS_ERR_INVALID_MESSAGE');
    });

    it('throws for a recipient without a current key, and for an OwnKeys without keys', () => {
      expect(() => sealPay({ recipient: 'bank.nowhere' }))
        .to.throw()
        .with.property('code', 'CONTRACTS_ERR_UNKNOWN_RECIPIENT');
      expect(() => createSealer({ participant: 'psp.zap', keys: [] }, keys.directory))
        .to.throw()
        .with.property('code', 'CONTRACTS_ERR_NO_OWN_KEY');
    });
  });

  describe('open refuses, with a distinct reason', () => {
    it('malformed: not JSON, not an envelope, bad lengths, too large', () => {
      const sealed = sealPay();
      const bodies = [
        Buffer.from('not json'),
        Buffer.from('{}'),
        Buffer.from('[1,2]'),
        rewrite(sealed, (body) => {
          body.nonce = body.nonce.slice(4);
        }).body,
        rewrite(sealed, (body) => {
          (body.headers as Record<string, unknown>).amount = 25000;
        }).body,
        rewrite(sealed, (body) => {
          (body.headers as Record<string, unknown>).sealedAt = 'yesterday';
        }).body,
        rewrite(sealed, (body) => {
          body.signature = '!'.repeat(88);
        }).body,
        Buffer.alloc(70 * 1024, 0x20),
      ];
      for (const body of bodies) {
        const result = switchOpener.open({ body, amqpMessageId: undefined, now: NOW });
        expect(reasonOf(result), body.subarray(0, 60).toString()).to.equal('malformed');
      }
    });

    it('wrong_recipient: addressed to someone else, or to a key we do not hold', () => {
      const lotusOpener = createOpener(keys.own('bank.lotus'), keys.directory);
      expect(reasonOf(openAt(lotusOpener, sealPay()))).to.equal('wrong_recipient');
      const otherKey = rewrite(sealPay(), (body) => {
        body.headers.recipientKeyId = 'k2';
      });
      expect(reasonOf(openAt(switchOpener, otherKey))).to.equal('wrong_recipient');
    });

    it('unknown_sender: a sender the directory does not know', () => {
      const rogue = createTestKeys(['psp.rogue'], NOW);
      const rogueSealer = createSealer(rogue.own('psp.rogue'), keys.directory);
      expect(reasonOf(openAt(switchOpener, sealPay({ sealer: rogueSealer })))).to.equal('unknown_sender');
    });

    it('unknown_key: a known sender with a key id it does not have', () => {
      const sealed = rewrite(sealPay(), (body) => {
        body.headers.senderKeyId = 'k7';
      });
      expect(reasonOf(openAt(switchOpener, sealed))).to.equal('unknown_key');
    });

    it('tampered: ciphertext changed, nonce changed, or a readable header rewritten (type, sealedAt, messageId, sender key)', () => {
      const sealed = sealPay();
      const tampered = [
        rewrite(sealed, (body) => {
          body.ciphertext = flipFirstByte(body.ciphertext);
        }),
        rewrite(sealed, (body) => {
          body.nonce = flipFirstByte(body.nonce);
        }),
        rewrite(sealed, (body) => {
          body.headers.type = 'upi.ReqValAdd.v1';
        }),
        rewrite(sealed, (body) => {
          body.headers.sealedAt += 1;
        }),
        rewrite(sealed, (body) => {
          body.headers.messageId = newMessageId();
        }),
        rewrite(sealed, (body) => {
          body.headers.correlationId = 'ZAP00000000000000000000000000000000';
        }),
        rewrite(sealed, (body) => {
          delete body.headers.correlationId;
        }),
      ];
      for (const envelope of tampered) {
        const result = switchOpener.open({ body: envelope.body, amqpMessageId: undefined, now: NOW });
        expect(reasonOf(result), JSON.stringify(envelope.headers)).to.equal('tampered');
      }
      // the sender claims another participant's identity: the shared key differs, so the MAC fails
      const lotusKey = keys.directory.current('bank.lotus')!;
      const impersonated = rewrite(sealed, (body) => {
        body.headers.sender = lotusKey.participant;
      });
      expect(reasonOf(openAt(switchOpener, impersonated))).to.equal('tampered');
    });

    it('bad_signature: headers and body intact, signature by another key or altered', () => {
      const switchEntry = keys.directory.current('switch')!;
      const lotusOwn = keys.own('bank.lotus');
      const signedByLotus = sealRaw(
        keys.own('psp.zap'),
        switchEntry,
        rawHeaders('upi.ReqPay.PAY.v1'),
        reqPay(),
        lotusOwn.keys[0],
      );
      expect(reasonOf(openAt(switchOpener, signedByLotus))).to.equal('bad_signature');
      const altered = rewrite(sealPay(), (body) => {
        body.signature = flipFirstByte(body.signature);
      });
      expect(reasonOf(openAt(switchOpener, altered))).to.equal('bad_signature');
      // the raw sealer itself is sound: signed by the right key, it opens
      const goodHeaders = rawHeaders('upi.ReqPay.PAY.v1');
      const good = sealRaw(keys.own('psp.zap'), switchEntry, goodHeaders, reqPay(goodHeaders.messageId));
      expect(reasonOf(openAt(switchOpener, good))).to.equal('ok');
    });

    it('stale: older than the replay window or too far in the future', () => {
      const day = 24 * 60 * 60 * 1000;
      expect(REPLAY_WINDOW_MS_DEFAULT).to.equal(3 * day);
      expect(REPLAY_WINDOW_MS_DEFAULT).to.be.below(14 * day); // the inbox retention: accepted ⇒ deduplicable
      const old = sealPay({ now: new Date(NOW.getTime() - REPLAY_WINDOW_MS_DEFAULT - 1) });
      expect(reasonOf(openAt(switchOpener, old))).to.equal('stale');
      const oldest = sealPay({ now: new Date(NOW.getTime() - REPLAY_WINDOW_MS_DEFAULT) });
      expect(reasonOf(openAt(switchOpener, oldest))).to.equal('ok');
      const future = sealPay({ now: new Date(NOW.getTime() + FUTURE_SKEW_MS_DEFAULT + 1) });
      expect(reasonOf(openAt(switchOpener, future))).to.equal('stale');
      const skewed = sealPay({ now: new Date(NOW.getTime() + FUTURE_SKEW_MS_DEFAULT) });
      expect(reasonOf(openAt(switchOpener, skewed))).to.equal('ok');
      const strict = createOpener(keys.own('switch'), keys.directory, {
        replayWindowMs: 1000,
        futureSkewMs: 0,
      });
      expect(reasonOf(openAt(strict, sealPay({ now: new Date(NOW.getTime() - 1001) })))).to.equal('stale');
      expect(reasonOf(openAt(strict, sealPay({ now: new Date(NOW.getTime() + 1) })))).to.equal('stale');
    });

    it('message_id_mismatch: the AMQP messageId differs from the sealed one (absent is not checked)', () => {
      const sealed = sealPay();
      expect(
        reasonOf(switchOpener.open({ body: sealed.body, amqpMessageId: newMessageId(), now: NOW })),
      ).to.equal('message_id_mismatch');
      expect(reasonOf(switchOpener.open({ body: sealed.body, amqpMessageId: undefined, now: NOW }))).to.equal(
        'ok',
      );
    });

    it("message_id_mismatch: the message's head.msgId is not the sealed messageId (one id, one value)", () => {
      const headers = rawHeaders('upi.ReqPay.PAY.v1');
      const sealed = sealRaw(
        keys.own('psp.zap'),
        keys.directory.current('switch')!,
        headers,
        reqPay(newMessageId()),
      );
      expect(reasonOf(openAt(switchOpener, sealed))).to.equal('message_id_mismatch');
      expect(() =>
        zapSealer.seal({
          recipient: 'switch',
          message: reqPay(newMessageId()),
          messageId: newMessageId(),
          now: NOW,
        }),
      ).to.throw(/head.msgId/);
    });

    it('unknown_type: authentic, but the type is not in the registry', () => {
      const headers = rawHeaders('upi.ReqBogus.v1');
      const sealed = sealRaw(keys.own('psp.zap'), keys.directory.current('switch')!, headers, {
        ...reqPay(),
        type: 'upi.ReqBogus.v1',
      });
      expect(reasonOf(openAt(switchOpener, sealed))).to.equal('unknown_type');
    });

    it('invalid_schema: authentic, but decode() refuses the message (the detail names the path)', () => {
      const invalid = { ...reqPay(), amount: { valueMinor: 2.5, curr: 'INR' } };
      const sealed = sealRaw(
        keys.own('psp.zap'),
        keys.directory.current('switch')!,
        rawHeaders('upi.ReqPay.PAY.v1'),
        invalid,
      );
      const result = openAt(switchOpener, sealed);
      expect(result).to.include({ ok: false, reason: 'invalid_schema' });
      expect(!result.ok && result.detail).to.match(/\/amount\/valueMinor/);
      // header type and message type disagree, both sealed by the sender
      const mismatch = sealRaw(
        keys.own('psp.zap'),
        keys.directory.current('switch')!,
        rawHeaders('upi.ReqValAdd.v1'),
        reqPay(),
      );
      expect(reasonOf(openAt(switchOpener, mismatch))).to.equal('invalid_schema');
    });

    it('invalid_schema hands over the authentic headers, the value and its errors (so it can be answered)', () => {
      const messageId = newMessageId();
      const message = reqPay(messageId);
      message.txn.note = 'lunch \ud800'; // an unpaired surrogate: JSON carries it as an escape
      expect(() => zapSealer.seal({ recipient: 'switch', message, messageId, now: NOW })).to.throw(
        /\/txn\/note/,
      );
      const sealed = createUncheckedSealer(keys.own('psp.zap'), keys.directory).seal({
        recipient: 'switch',
        message,
        messageId,
        now: NOW,
      });
      const result = openAt(switchOpener, sealed);
      expect(reasonOf(result)).to.equal('invalid_schema');
      if (result.ok) return;
      expect(result.invalid?.headers).to.include({ sender: 'psp.zap', messageId, type: 'upi.ReqPay.PAY.v1' });
      expect((result.invalid?.value as typeof message).txn.note).to.equal('lunch \ud800');
      expect(result.invalid?.errors.map((e) => e.path)).to.deep.equal(['/txn/note']);
      // refusals before the content is authenticated carry nothing to answer
      const forged = rewrite(sealed, (body) => {
        body.signature = flipFirstByte(body.signature);
      });
      const refused = openAt(switchOpener, forged);
      expect(!refused.ok && refused.invalid).to.equal(undefined);
    });

    it('never puts message contents in a refusal detail', () => {
      const invalid = { ...reqPay(), payer: { ...reqPay().payer, name: '' } };
      const sealed = sealRaw(
        keys.own('psp.zap'),
        keys.directory.current('switch')!,
        rawHeaders('upi.ReqPay.PAY.v1'),
        invalid,
      );
      const result = openAt(switchOpener, sealed);
      expect(reasonOf(result)).to.equal('invalid_schema');
      expect(!result.ok && result.detail).to.not.match(/100000000001|asha|25000/);
    });
  });

  describe('key rotation', () => {
    const rotated = (participant: string, base: ReturnType<typeof createTestKeys>) => {
      const next = generateParticipantKeys(participant, 'k2', new Date(NOW.getTime() + 1000));
      const ownKeys: OwnKeys = { participant, keys: [next.privateEntry, ...base.own(participant).keys] };
      const retire = (entries: PublicKeyEntry[]) =>
        entries.map((entry) =>
          entry.participant === participant && entry.keyId === 'k1'
            ? { ...entry, retiredAt: NOW.toISOString() }
            : entry,
        );
      return { next, ownKeys, entries: [...base.entries, next.publicEntry], retire };
    };

    it('sender rotation: old-key envelopes open until the old key is retired, then unknown_key', () => {
      const base = createTestKeys(['switch', 'psp.zap'], NOW);
      const beforeRotation = createSealer(base.own('psp.zap'), base.directory);
      const oldEnvelope = sealPay({ sealer: beforeRotation });

      const rotation = rotated('psp.zap', base);
      const directory = createKeyDirectory(rotation.entries);
      const afterRotation = createSealer(rotation.ownKeys, directory);
      const newEnvelope = sealPay({ sealer: afterRotation });
      expect(oldEnvelope.headers.senderKeyId).to.equal('k1');
      expect(newEnvelope.headers.senderKeyId).to.equal('k2');
      const opener = createOpener(base.own('switch'), directory);
      expect(reasonOf(openAt(opener, oldEnvelope))).to.equal('ok');
      expect(reasonOf(openAt(opener, newEnvelope))).to.equal('ok');

      const retired = createKeyDirectory(rotation.retire(rotation.entries));
      const openerAfterRetire = createOpener(base.own('switch'), retired);
      expect(openAt(openerAfterRetire, oldEnvelope)).to.include({ ok: false, reason: 'unknown_key' });
      expect(reasonOf(openAt(openerAfterRetire, newEnvelope))).to.equal('ok');
    });

    it('recipient rotation: senders switch to the new key; old-key envelopes open until retired', () => {
      const base = createTestKeys(['switch', 'psp.zap'], NOW);
      const oldEnvelope = sealPay({ sealer: createSealer(base.own('psp.zap'), base.directory) });
      expect(oldEnvelope.headers.recipientKeyId).to.equal('k1');

      const rotation = rotated('switch', base);
      const directory = createKeyDirectory(rotation.entries);
      expect(directory.current('switch')?.keyId).to.equal('k2');
      const newEnvelope = sealPay({ sealer: createSealer(base.own('psp.zap'), directory) });
      expect(newEnvelope.headers.recipientKeyId).to.equal('k2');

      const opener = createOpener(rotation.ownKeys, directory);
      expect(reasonOf(openAt(opener, oldEnvelope))).to.equal('ok');
      expect(reasonOf(openAt(opener, newEnvelope))).to.equal('ok');
      // a process that has not loaded k2 yet cannot open the new envelope
      expect(reasonOf(openAt(createOpener(base.own('switch'), directory), newEnvelope))).to.equal(
        'wrong_recipient',
      );

      const retired = createKeyDirectory(rotation.retire(rotation.entries));
      const openerAfterRetire = createOpener(rotation.ownKeys, retired);
      expect(openAt(openerAfterRetire, oldEnvelope)).to.include({ ok: false, reason: 'wrong_recipient' });
      expect(reasonOf(openAt(openerAfterRetire, newEnvelope))).to.equal('ok');
      expect(retired.current('switch')?.keyId).to.equal('k2');
    });
  });
});
