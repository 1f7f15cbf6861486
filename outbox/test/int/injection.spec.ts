/**
 * Failure injection through the consumer runner on a real broker and database: a dropped delivery is
 * acked with no effect and no inbox row; a duplicated one reaches the handler's inbox twice and has one
 * effect; a `respond` rule runs its responder in the transaction instead of the handler (inbox row first);
 * `lose_answer` runs the handler and takes what it enqueued back out of the outbox.
 */
import { expect } from 'chai';
import { sql } from 'slonik';
import { newMessageId, workQueueFor, type ReqChkTxn } from '@switchyard/contracts';
import { createFaultInjector, messagingMetrics, type FaultInjector } from '../../src/index.ts';
import {
  CONSUMER_NAME,
  createWorld,
  RECIPIENT,
  SENDER,
  sleep,
  stopAfterEach,
  until,
  type World,
} from '../support/world.ts';

const TYPE = 'upi.ReqChkTxn.v1';

const duplicatesSeen = async (): Promise<number> =>
  (await messagingMetrics.inboxDuplicatesTotal.get()).values.find(
    (v) =>
      (v.labels as Record<string, unknown>).participant === RECIPIENT &&
      (v.labels as Record<string, unknown>).consumer === CONSUMER_NAME,
  )?.value ?? 0;

describe('outbox consumer: failure injection', function () {
  this.timeout(30_000);
  let world: World;
  const responded: string[] = [];

  before(async () => {
    world = await createWorld();
    world.startRelay();
  });
  after(async () => world?.drop());
  const started = stopAfterEach();
  afterEach(async () => {
    await world.db.pool.query(sql.unsafe`TRUNCATE effects, inbox`);
  });

  const injector = (): FaultInjector =>
    createFaultInjector({
      participant: RECIPIENT,
      handledTypes: [TYPE],
      responders: {
        [TYPE]: async (_tx, _message, context, code) => void responded.push(`${context.messageId}:${code}`),
      },
      log: world.log,
    });
  const inboxRows = async (): Promise<number> =>
    Number(await world.db.pool.oneFirst(sql.unsafe`SELECT count(*) FROM inbox`));

  it('drop: the delivery is consumed, nothing happens', async () => {
    const faults = injector();
    faults.add({ type: TYPE, action: 'drop', count: 1 });
    started.track(await world.startConsumer({ injector: faults }));
    const [dropped, handled] = await world.send(2);
    await until(async () => (await world.effects()).get(handled) === 1, 10_000, 'second handled');
    await sleep(300);
    expect((await world.effects()).get(dropped)).to.equal(undefined);
    expect(await inboxRows()).to.equal(1);
    expect(faults.list()[0].fired).to.equal(1);
  });

  it('duplicate: a second copy with the same message id is absorbed by the inbox, one effect', async () => {
    const faults = injector();
    faults.add({ type: TYPE, action: 'duplicate', count: 1 });
    const before = await duplicatesSeen();
    started.track(await world.startConsumer({ injector: faults }));
    const [id] = await world.send(1);
    await until(async () => (await duplicatesSeen()) > before, 10_000, 'the copy');
    expect((await world.effects()).get(id)).to.equal(1);
    expect(await duplicatesSeen()).to.equal(before + 1);
  });

  it('respond: the responder answers in the transaction instead of the handler', async () => {
    const faults = injector();
    faults.add({ type: TYPE, action: 'respond', code: '96' });
    started.track(await world.startConsumer({ injector: faults }));
    const [id] = await world.send(1);
    await until(() => responded.includes(`${id}:96`), 10_000, 'the responder');
    await sleep(200);
    expect((await world.effects()).get(id)).to.equal(undefined);
    expect(await inboxRows()).to.equal(1);
  });

  it('lose_answer: the handler runs, what it enqueued never leaves the outbox', async () => {
    const faults = injector();
    faults.add({ type: TYPE, action: 'lose_answer' });
    const enqueued: string[] = [];
    started.track(
      await world.startConsumer({
        injector: faults,
        behaviour: async (tx, message: ReqChkTxn, context) => {
          const messageId = newMessageId();
          enqueued.push(messageId);
          await world.outbox.enqueue(tx, {
            recipient: SENDER,
            message: { ...message, head: { ...message.head, msgId: messageId } },
            messageId,
            causationId: context.messageId,
          });
        },
      }),
    );
    const [id] = await world.send(1);
    await until(async () => (await world.effects()).get(id) === 1, 10_000, 'handled');
    expect(enqueued).to.have.length(1);
    const left = await world.db.pool.oneFirst(
      sql.unsafe`SELECT count(*) FROM outbox WHERE message_id = ${enqueued[0]}`,
    );
    expect(Number(left), 'not left in the outbox').to.equal(0);
    await sleep(1_000); // the relay polls: had the row committed, it would have been published by now
    const published = await world.rabbit.drain(workQueueFor(world.prefix, SENDER));
    expect(published.map((m) => m.properties.messageId as string)).to.not.include(enqueued[0]);
  });
});
