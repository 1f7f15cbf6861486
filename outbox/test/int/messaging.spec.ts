import { expect } from 'chai';
import { sql } from 'slonik';
import {
  createOpener,
  createSealer,
  createTestKeys,
  isoTimestamp,
  newMessageId,
  type RespChkTxn,
} from '@switchyard/contracts';
import {
  createTestDatabase,
  testPrefix,
  testSettings,
  testLog,
  type TestDatabase,
} from '@switchyard/infra/testing';
import { deleteTopology, metricsText } from '@switchyard/infra';
import {
  createOutbox,
  outboxMigrations,
  startMessaging,
  type Handlers,
  type Messaging,
} from '../../src/index.ts';
import { chkTxn, effectsMigrations, RECIPIENT, SENDER, until } from '../support/world.ts';

describe('outbox: startMessaging end to end (psp.test ⇄ switch.test, two databases)', function () {
  this.timeout(30_000);
  const prefix = testPrefix();
  const keys = createTestKeys([SENDER, RECIPIENT]);
  const log = testLog();
  let pspDb: TestDatabase;
  let bankDb: TestDatabase;
  let psp: Messaging;
  let bank: Messaging;
  const afterCommitRuns: string[] = [];

  const countEffects = async (db: TestDatabase): Promise<number> =>
    (await db.db.pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM effects`)) as number;

  before(async () => {
    pspDb = await createTestDatabase([outboxMigrations, effectsMigrations]);
    bankDb = await createTestDatabase([outboxMigrations, effectsMigrations]);
    const bankOutbox = createOutbox({ sealer: createSealer(keys.own(RECIPIENT), keys.directory), prefix });
    const bankHandlers: Handlers = {
      'upi.ReqChkTxn.v1': {
        name: 'bank.onReqChkTxn',
        async handle(tx, message, context) {
          await tx.query(
            sql.unsafe`INSERT INTO effects (message_id, consumer) VALUES (${context.messageId}, 'bank')`,
          );
          const replyId = newMessageId();
          const reply: RespChkTxn = {
            type: 'upi.RespChkTxn.v1',
            head: { ver: '2.0', ts: isoTimestamp(new Date()), orgId: RECIPIENT, msgId: replyId },
            txn: { id: message.txn.id, orgTxnId: message.txn.orgTxnId },
            resp: { reqMsgId: message.head.msgId, result: 'SUCCESS', status: 'SUCCESS', refs: [] },
          };
          await bankOutbox.enqueue(tx, {
            recipient: context.sender,
            message: reply,
            messageId: replyId,
            causationId: context.messageId,
          });
          context.afterCommit(() => afterCommitRuns.push(context.messageId));
        },
      },
    };
    const pspHandlers: Handlers = {
      'upi.RespChkTxn.v1': {
        name: 'psp.onRespChkTxn',
        async handle(tx, _message, context) {
          await tx.query(
            sql.unsafe`INSERT INTO effects (message_id, consumer) VALUES (${context.messageId}, 'psp')`,
          );
        },
      },
    };
    const common = {
      prefix,
      amqpUrl: testSettings().amqpUrl,
      participants: [SENDER, RECIPIENT],
      log,
      retryDelaysMs: [500],
    };
    psp = await startMessaging({
      ...common,
      participant: SENDER,
      db: pspDb.db,
      sealer: createSealer(keys.own(SENDER), keys.directory),
      opener: createOpener(keys.own(SENDER), keys.directory),
      handlers: pspHandlers,
    });
    bank = await startMessaging({
      ...common,
      participant: RECIPIENT,
      db: bankDb.db,
      sealer: createSealer(keys.own(RECIPIENT), keys.directory),
      opener: createOpener(keys.own(RECIPIENT), keys.directory),
      handlers: bankHandlers,
    });
  });

  after(async () => {
    const channel = await psp.broker.createChannel();
    await bank.stop();
    await deleteTopology(channel, psp.broker.topology);
    await psp.stop();
    await pspDb.drop();
    await bankDb.drop();
  });

  it('delivers requests and replies, each handled once, with afterCommit run once per message', async () => {
    const count = 100;
    const ids = Array.from({ length: count }, () => newMessageId());
    const started = performance.now();
    await pspDb.db.transaction(async (tx) => {
      for (const id of ids)
        await psp.outbox.enqueue(tx, {
          recipient: RECIPIENT,
          message: chkTxn(id),
          messageId: id,
          correlationId: id,
        });
    });
    await until(async () => (await countEffects(pspDb)) === count, 20_000, 'replies handled');
    const elapsedMs = performance.now() - started;
    expect(await countEffects(bankDb)).to.equal(count);
    const perMessage = (await bankDb.db.pool.any(
      sql.unsafe`SELECT message_id, count(*)::int AS n FROM effects GROUP BY message_id`,
    )) as Array<{ n: number }>;
    expect(perMessage.every((row) => row.n === 1)).to.equal(true);
    expect(afterCommitRuns.length).to.equal(count);
    // Each row is deleted once its publish is confirmed, in the relay's next delete batch (relayFastPath.ts):
    // a reply may be handled before its row is gone.
    const outboxRows = async (db: TestDatabase): Promise<number> =>
      (await db.db.pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM outbox`)) as number;
    await until(
      async () => (await outboxRows(pspDb)) === 0 && (await outboxRows(bankDb)) === 0,
      10_000,
      'both outboxes emptied by their relays',
    );
    console.log(`      ${count} request/reply round trips in ${elapsedMs.toFixed(0)} ms`);
  });

  it('exposes the messaging metrics labelled by participant', async () => {
    const text = await metricsText();
    expect(text).to.match(/outbox_publish_total\{participant="psp\.test",result="confirmed"\} \d+/);
    expect(text).to.match(/outbox_pending_rows\{participant="switch\.test"\} 0/);
    expect(text).to.match(/relay_is_leader\{participant="psp\.test"\} 1/);
    expect(text).to.include('consumer_handle_seconds_bucket');
  });
});
