/**
 * Key rotation while rows wait in the outbox: rows sealed with (or for) a key that has since been retired
 * are sealed again by the relay before it publishes them (relayBatch.ts), so they open at their recipient;
 * without that step the same rows are dead-lettered. Keys live on disk and are reloaded without a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { sql } from 'slonik';
import {
  deadLetterQueueFor,
  generateKeys,
  loadParticipantCrypto,
  newMessageId,
  participantKeysDir,
  retireKey,
  workQueueFor,
  type ParticipantCrypto,
} from '@switchyard/contracts';
import { createOutbox, type Outbox } from '../../src/index.ts';
import {
  chkTxn,
  createWorld,
  RECIPIENT,
  SENDER,
  stopAfterEach,
  until,
  type World,
} from '../support/world.ts';

describe('outbox relay: rows sealed before a key rotation are re-sealed, not dead-lettered', function () {
  this.timeout(30_000);
  let world: World;
  let dir: string;
  let sender: ParticipantCrypto;
  let recipient: ParticipantCrypto;
  let outbox: Outbox;
  const started = stopAfterEach();

  const enqueue = async (count: number): Promise<string[]> => {
    const ids = Array.from({ length: count }, () => newMessageId());
    await world.db.transaction(async (tx) => {
      for (const id of ids)
        await outbox.enqueue(tx, { recipient: RECIPIENT, message: chkTxn(id), messageId: id });
    });
    return ids;
  };

  before(async () => {
    world = await createWorld();
    dir = mkdtempSync(join(tmpdir(), 'sy-reseal-'));
    await generateKeys({ dir, participants: [SENDER, RECIPIENT] });
    const load = (participant: string) =>
      loadParticipantCrypto(participantKeysDir(dir, participant), participant, { reloadIntervalMs: 0 });
    sender = load(SENDER);
    recipient = load(RECIPIENT);
    outbox = createOutbox({ sealer: sender.sealer, prefix: world.prefix });
  });
  after(async () => {
    await world?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('both ends rotate and retire their old keys while rows wait: the relay re-seals them and each is handled once', async () => {
    const dlq = deadLetterQueueFor(workQueueFor(world.prefix, RECIPIENT));
    started.track(await world.startConsumer({ opener: recipient.opener }));
    const [control, ...waiting] = await enqueue(4);
    await generateKeys({
      dir,
      participants: [SENDER, RECIPIENT],
      rotate: [SENDER, RECIPIENT],
      activateAfterMs: 0,
    });
    for (const participant of [SENDER, RECIPIENT])
      await retireKey({ dir, participant, keyId: 'k1', now: new Date() });

    // Control: published as it is, such a row is refused by the recipient.
    await world.db.pool.query(
      sql.unsafe`UPDATE outbox SET available_at = now() + interval '1 hour' WHERE message_id <> ${control}`,
    );
    const plain = started.track(world.startRelay());
    await until(
      async () => (await world.rabbit.messageCount(dlq)) === 1,
      10_000,
      'the control dead-lettered',
    );
    await plain.stop();
    const [dead] = await world.rabbit.drain(dlq);
    expect([dead.properties.messageId, dead.properties.headers?.['x-dead-reason']]).to.deep.equal([
      control,
      'wrong_recipient',
    ]);

    await world.db.pool.query(sql.unsafe`UPDATE outbox SET available_at = now()`);
    started.track(world.startRelay({ sealer: sender.sealer }));
    await until(
      async () => {
        const effects = await world.effects();
        return waiting.every((id) => effects.get(id) === 1);
      },
      10_000,
      'the waiting rows handled',
    );
    expect(await world.rabbit.messageCount(dlq)).to.equal(0);
    expect(await world.db.pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM outbox`)).to.equal(0);
    expect(await world.db.pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM outbox_parked`)).to.equal(0);
  });
});
