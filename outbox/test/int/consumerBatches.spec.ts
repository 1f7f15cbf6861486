/**
 * Group commit in the consumer runner (docs/guarantees.md §4): deliveries that are ready while a transaction
 * runs share the next one; a shared transaction that fails is rolled back whole and each of its deliveries
 * is handled again alone. Every path ends with exactly one effect per message.
 *
 * Each test but the last runs one lane and holds its transaction open on a first message (a gate in its
 * handler) while the others arrive, so they are all waiting when the gate opens.
 */
import { expect } from 'chai';
import { sql } from 'slonik';
import { deadLetterQueueFor, exchangeFor, newMessageId, workQueueFor } from '@switchyard/contracts';
import { createConfirmPublisher, outcomeWithin } from '@switchyard/infra';
import { crashAt } from '@switchyard/infra/testing';
import { PermanentError, messagingMetrics } from '../../src/index.ts';
import {
  createWorld,
  RECIPIENT,
  until,
  type Behaviour,
  type World,
  stopAfterEach,
} from '../support/world.ts';

const fallbacksSeen = async (): Promise<number> => {
  const metric = await messagingMetrics.consumerBatchFallbacksTotal.get();
  return (
    metric.values.find((v) => (v.labels as Record<string, unknown>).participant === RECIPIENT)?.value ?? 0
  );
};

describe('outbox consumer: several deliveries in one transaction, one by one when it fails', function () {
  this.timeout(30_000);
  let world: World;
  let work: string;
  let dlq: string;

  before(async () => {
    world = await createWorld();
    work = workQueueFor(world.prefix, RECIPIENT);
    dlq = deadLetterQueueFor(work);
    world.startRelay();
  });
  after(async () => world?.drop());
  const started = stopAfterEach();
  afterEach(async () => {
    await world.db.pool.query(sql.unsafe`TRUNCATE effects`);
    await world.rabbit.drain(dlq);
  });

  /**
   * A behaviour that holds the first message it sees until `open()`, and notes the transaction each
   * message's last attempt ran in (the attempt that committed, for a message that has an effect).
   */
  const gated = (then: Behaviour = async () => undefined) => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let held: string | undefined;
    const txnOf = new Map<string, string>();
    const behaviour: Behaviour = async (tx, message, context) => {
      txnOf.set(context.messageId, String(await tx.oneFirst(sql.unsafe`SELECT txid_current()::text`)));
      if (held === undefined || held === context.messageId) {
        held = context.messageId;
        await gate;
      }
      await then(tx, message, context);
    };
    return { behaviour, open, txnOf, isHolding: () => held !== undefined };
  };

  /** Sends one message and waits until the consumer holds it, then sends `count` more and waits until all are delivered. */
  const holdThenSend = async (g: ReturnType<typeof gated>, count: number): Promise<string[]> => {
    await world.send(1);
    await until(() => g.isHolding(), 10_000, 'the first message held');
    const ids = await world.send(count);
    await allDelivered();
    return ids;
  };

  /** Everything sent is published (out of the outbox) and delivered (nothing ready in the work queue). */
  const allDelivered = async (): Promise<void> => {
    await until(
      async () => (await world.db.pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM outbox`)) === 0,
      10_000,
      'all published',
    );
    await until(async () => (await world.rabbit.messageCount(work)) === 0, 10_000, 'all delivered');
  };

  it('deliveries ready together share one transaction; each message has one effect', async () => {
    const g = gated();
    started.track(await world.startConsumer({ behaviour: g.behaviour, lanes: 1 }));
    const ids = await holdThenSend(g, 10);
    g.open();
    await until(async () => (await world.effects()).size === 11, 10_000, 'all handled');
    const effects = await world.effects();
    expect(
      [...effects.values()].every((n) => n === 1),
      'one effect each',
    ).to.equal(true);
    const transactions = new Set(ids.map((id) => g.txnOf.get(id)));
    expect(transactions.size, 'ten deliveries, fewer transactions').to.be.lessThan(ids.length);
  });

  it('with batchSizeMax 1 every delivery has its own transaction', async () => {
    const g = gated();
    started.track(await world.startConsumer({ behaviour: g.behaviour, batchSizeMax: 1, lanes: 1 }));
    const ids = await holdThenSend(g, 5);
    g.open();
    await until(async () => (await world.effects()).size === 6, 10_000, 'all handled');
    expect(new Set(ids.map((id) => g.txnOf.get(id))).size).to.equal(ids.length);
  });

  it('two copies of one message in the same shared transaction: the handler runs once, the copy is a duplicate', async () => {
    let handled = 0;
    const copyId = newMessageId();
    const g = gated(async (_tx, _message, context) => {
      if (context.messageId === copyId) handled += 1;
    });
    started.track(await world.startConsumer({ behaviour: g.behaviour, lanes: 1 }));
    await world.send(1);
    await until(() => g.isHolding(), 10_000, 'the first message held');
    // Two copies of one sealed message, straight onto the wire (as a relay crash after the confirm would).
    const sealed = world.seal(copyId);
    const publisher = createConfirmPublisher(await world.rabbit.broker.createConfirmChannel());
    try {
      for (const _ of [1, 2]) {
        const options = { messageId: copyId, headers: sealed.headers, persistent: true };
        const pending = await publisher.publish(
          exchangeFor(world.prefix, RECIPIENT),
          'upi.ReqChkTxn.v1',
          sealed.body,
          options,
        );
        expect(await outcomeWithin(pending.outcome, 5_000)).to.equal('confirmed');
      }
    } finally {
      await publisher.close();
    }
    const others = await world.send(3);
    await allDelivered();
    g.open();
    await until(async () => (await world.effects()).size === 5, 10_000, 'all handled');
    expect((await world.effects()).get(copyId), 'one effect').to.equal(1);
    expect(handled, 'the handler ran once for the two copies').to.equal(1);
    expect(g.txnOf.get(copyId), 'in the shared transaction').to.equal(g.txnOf.get(others[0]));
  });

  it('a shared transaction with a poison message: rolled back, then one by one — the poison dead-lettered with its reason, every other message once', async () => {
    const fallbacksBefore = await fallbacksSeen();
    const chosen: { poison?: string } = {}; // picked once the ids are known
    const g = gated(async (tx, _message, context) => {
      if (context.messageId !== chosen.poison) return;
      await tx.query(
        sql.unsafe`INSERT INTO effects (message_id, consumer) VALUES (${context.messageId}, 'poison')`,
      );
      throw new PermanentError('poison_for_test', 'this message can never be handled');
    });
    started.track(await world.startConsumer({ behaviour: g.behaviour, lanes: 1 }));
    const ids = await holdThenSend(g, 8);
    const poison = ids[3];
    chosen.poison = poison;
    g.open();
    await until(async () => (await world.rabbit.messageCount(dlq)) === 1, 10_000, 'the poison dead-lettered');
    await until(async () => (await world.effects()).size === 8, 10_000, 'the others handled');
    const effects = await world.effects();
    expect(effects.has(poison), 'nothing of the poison was kept').to.equal(false);
    for (const id of ids.filter((i) => i !== poison)) expect(effects.get(id), id).to.equal(1);
    const [dead] = await world.rabbit.drain(dlq);
    expect([dead.properties.messageId, dead.properties.headers?.['x-dead-reason']]).to.deep.equal([
      poison,
      'poison_for_test',
    ]);
    expect(await fallbacksSeen(), 'the shared transaction fell back once').to.equal(fallbacksBefore + 1);
    await until(async () => (await world.rabbit.messageCount(work)) === 0, 5_000, 'all acked');
  });

  it('crash before the shared commit: nothing of the batch is kept, every delivery comes back and is handled once', async () => {
    const faults = crashAt('consumerBeforeCommit', { when: (context) => context.messageIds.length > 1 });
    const g = gated();
    const crashing = started.track(await world.startConsumer({ behaviour: g.behaviour, faults, lanes: 1 }));
    const ids = await holdThenSend(g, 6);
    g.open();
    await until(() => faults.hits() === 1, 10_000, 'the crash');
    await crashing.stop();
    const kept = await world.effects();
    expect(
      ids.filter((id) => kept.has(id)),
      'the shared transaction rolled back',
    ).to.deep.equal([]);
    started.track(await world.startConsumer());
    await until(async () => (await world.effects()).size === 7, 10_000, 'all handled after redelivery');
    expect(
      [...(await world.effects()).values()].every((n) => n === 1),
      'one effect each',
    ).to.equal(true);
  });

  it('crash after the shared commit, before the acks: every redelivery is a duplicate, one effect each', async () => {
    const faults = crashAt('consumerAfterCommitBeforeAck', {
      when: (context) => context.messageIds.length > 1,
    });
    const g = gated();
    const crashing = started.track(await world.startConsumer({ behaviour: g.behaviour, faults, lanes: 1 }));
    const ids = await holdThenSend(g, 6);
    g.open();
    await until(() => faults.hits() === 1, 10_000, 'the crash');
    await crashing.stop();
    const committed = await world.effects();
    const inBatch = ids.filter((id) => committed.get(id) === 1);
    expect(inBatch.length, 'the shared transaction committed').to.be.greaterThan(1);
    started.track(await world.startConsumer());
    await until(async () => (await world.rabbit.messageCount(work)) === 0, 10_000, 'redeliveries acked');
    await until(async () => (await world.effects()).size === 7, 10_000, 'all handled');
    expect(
      [...(await world.effects()).values()].every((n) => n === 1),
      'one effect each',
    ).to.equal(true);
  });

  it('lanes: a delivery held in one lane holds up no other payment — the others are handled meanwhile', async () => {
    const g = gated();
    started.track(await world.startConsumer({ behaviour: g.behaviour, lanes: 4 }));
    await world.send(1);
    await until(() => g.isHolding(), 10_000, 'the first message held');
    // No correlation id on these: each goes to the lane of its message id (10 of them: all in the held
    // lane with probability 4⁻¹⁰).
    await world.send(10);
    await until(async () => (await world.effects()).size > 0, 10_000, 'others handled while one is held');
    const whileHeld = (await world.effects()).size;
    g.open();
    await until(async () => (await world.effects()).size === 11, 10_000, 'all handled');
    expect(whileHeld).to.be.within(1, 10);
  });
});
