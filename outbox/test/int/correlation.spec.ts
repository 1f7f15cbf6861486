/**
 * Following one payment: every log line the messaging layer writes about a message carries its txn id as
 * correlationId (handled, dead-lettered before it could even be opened, not published, timer fired), and
 * txnMessageRecords finds a txn id's messages in each table — waiting in the outbox, received in the inbox
 * (with sender), armed as a deadline.
 */
import { expect } from 'chai';
import { sql } from 'slonik';
import {
  createSealer,
  createTestKeys,
  exchangeFor,
  newMessageId,
  newTxnId,
  type ReqChkTxn,
  workQueueFor,
} from '@switchyard/contracts';
import { createDeadlines, startDeadlineSweeper, txnMessageRecords } from '../../src/index.ts';
import { chkTxn, createWorld, RECIPIENT, SENDER, until, type World } from '../support/world.ts';
import { capturingLog } from '../support/capturingLog.ts';

describe('outbox: log lines and records that follow one payment', function () {
  this.timeout(30_000);
  let world: World;
  let captured: ReturnType<typeof capturingLog>;

  const enqueue = async (txnId: string, message?: ReqChkTxn): Promise<string> => {
    const messageId = newMessageId();
    await world.db.transaction((tx) =>
      world.outbox.enqueue(tx, {
        recipient: RECIPIENT,
        message: message ?? chkTxn(messageId),
        messageId,
        correlationId: txnId,
      }),
    );
    return messageId;
  };
  const linesOf = (txnId: string) => captured.lines.filter((line) => line.correlationId === txnId);

  beforeEach(async () => {
    captured = capturingLog('correlation-test');
    world = await createWorld({ log: captured.log, workQueueLengthMax: 2 });
  });
  afterEach(async () => world?.drop());

  it('a message waiting in the outbox, then received: both records found by its txn id', async () => {
    const txnId = newTxnId('TST');
    const messageId = await enqueue(txnId);
    const waiting = await txnMessageRecords(world.db.pool, txnId);
    expect(waiting.unsent.map((u) => [u.state, u.messageId, u.recipient, u.type])).to.deep.equal([
      ['waiting', messageId, RECIPIENT, 'upi.ReqChkTxn.v1'],
    ]);
    expect(waiting.received).to.deep.equal([]);
    world.startRelay();
    await world.startConsumer();
    await until(async () => (await world.effects()).get(messageId) === 1);
    // Sender and recipient share the test database: the row left the outbox and entered the inbox.
    const after = await txnMessageRecords(world.db.pool, txnId);
    expect(after.unsent).to.deep.equal([]);
    expect(after.received.map((r) => [r.messageId, r.sender, r.type])).to.deep.equal([
      [messageId, SENDER, 'upi.ReqChkTxn.v1'],
    ]);
    const handled = linesOf(txnId).find((line) => line.msg.startsWith('handled upi.ReqChkTxn.v1'));
    expect(handled, 'the consumer says it handled the message').to.include({ messageId, sender: SENDER });
  });

  it("a handler's own lines carry the txn id and messageId of the message it handles", async () => {
    const txnId = newTxnId('TST');
    world.startRelay();
    await world.startConsumer({
      behaviour: async (_tx, message) =>
        captured.log.info({ orgTxnId: message.txn.orgTxnId }, 'handler says'),
    });
    const messageId = await enqueue(txnId);
    await until(() => linesOf(txnId).some((line) => line.msg === 'handler says'));
    expect(linesOf(txnId).find((line) => line.msg === 'handler says')).to.include({ messageId });
  });

  it('a message that cannot be opened is dead-lettered with its txn id on the line (from its AMQP properties)', async () => {
    const txnId = newTxnId('TST');
    await world.startConsumer();
    // Sealed by a stranger: the recipient does not know its key, so the envelope does not open.
    const stranger = createTestKeys(['psp.stranger', RECIPIENT]);
    const sealer = createSealer(stranger.own('psp.stranger'), stranger.directory);
    const messageId = newMessageId();
    const sealed = sealer.seal({
      recipient: RECIPIENT,
      message: chkTxn(messageId),
      messageId,
      correlationId: txnId,
      now: new Date(),
    });
    const channel = await world.rabbit.channel();
    channel.publish(exchangeFor(world.prefix, RECIPIENT), 'upi.ReqChkTxn.v1', sealed.body, {
      messageId,
      correlationId: txnId,
      type: 'upi.ReqChkTxn.v1',
    });
    await until(() => linesOf(txnId).some((line) => line.msg === 'delivery dead-lettered'));
    expect(linesOf(txnId).find((line) => line.msg === 'delivery dead-lettered')).to.include({ messageId });
  });

  it('a publish the broker refuses is logged with its txn id (the row stays in the outbox)', async () => {
    // No consumer, and the work queue holds 2 (reject-publish): fill it past its bound first (a quorum
    // queue starts rejecting once it is over the limit), then what follows is nacked.
    world.startRelay({ publishRetryDelayMs: 300 });
    await world.send(3);
    const work = workQueueFor(world.prefix, RECIPIENT);
    await until(async () => (await world.rabbit.messageCount(work)) === 3, 10_000, 'queue filled');
    const txnIds = [newTxnId('TST'), newTxnId('TST')];
    for (const txnId of txnIds) await enqueue(txnId);
    const refusals = () => captured.lines.filter((line) => line.msg === 'publish failed: retrying later');
    await until(() => txnIds.every((txnId) => refusals().some((line) => line.correlationId === txnId)));
    for (const line of refusals()) expect(txnIds).to.include(line.correlationId);
    const records = await txnMessageRecords(world.db.pool, txnIds[0]);
    expect(records.unsent.map((u) => u.state)).to.deep.equal(['waiting']);
    expect(records.unsent[0].attempts).to.be.at.least(1);
  });

  it('an armed timer is a record of its txn, and its firing is logged with the txn id', async () => {
    const txnId = newTxnId('TST');
    const keys = createTestKeys([RECIPIENT]);
    const deadlines = createDeadlines();
    const now = new Date();
    await world.db.transaction((tx) =>
      deadlines.arm(tx, {
        txnId,
        leg: 'DEBIT',
        dueAt: new Date(now.getTime() + 200),
        legMessageId: newMessageId(),
        now,
      }),
    );
    const armed = await txnMessageRecords(world.db.pool, txnId);
    expect(armed.deadlines.map((d) => d.leg)).to.deep.equal(['DEBIT']);
    const sweeper = startDeadlineSweeper({
      participant: RECIPIENT,
      prefix: world.prefix,
      sealer: createSealer(keys.own(RECIPIENT), keys.directory),
      db: world.db,
      log: captured.log,
      intervalMs: 100,
      graceMs: 0,
    });
    try {
      await until(() => linesOf(txnId).some((line) => line.msg === 'DEBIT timer fired'));
    } finally {
      await sweeper.stop();
    }
    expect((await txnMessageRecords(world.db.pool, txnId)).deadlines).to.deep.equal([]);
    const moved = (await world.db.pool.any(
      sql.unsafe`SELECT message_type FROM outbox WHERE correlation_id = ${txnId}`,
    )) as Array<{ message_type: string }>;
    expect(moved.map((row) => row.message_type)).to.deep.equal(['switch.TimeoutElapsed.v1']);
  });
});
