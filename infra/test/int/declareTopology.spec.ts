/**
 * Setup's topology declaration (admin.ts declareTopology): a queue whose arguments changed (the DLQs gained
 * length limits in issue 7) is re-declared when empty and the network is stopped, and refused — never
 * emptied — when it holds messages or a work queue has a consumer.
 */
import { expect } from 'chai';
import amqp from 'amqplib';
import { deadLetterQueueFor, workQueueFor } from '@switchyard/contracts';
import { buildTopology, declareTopology, deleteTopology } from '../../src/index.ts';
import { testPrefix } from '../../src/testing/testBroker.ts';
import { testSettings } from '../../src/testing/config.ts';

describe('infra/rabbit: declareTopology migrates changed queues only when empty', function () {
  this.timeout(30_000);
  const { amqpUrl } = testSettings();

  it('re-declares an empty DLQ declared with the old arguments; refuses a non-empty one, keeping its messages', async () => {
    const connection = await amqp.connect(amqpUrl);
    const channel = await connection.createChannel();
    const prefixes = [testPrefix(), testPrefix(), testPrefix()];
    try {
      for (const [index, prefix] of prefixes.entries()) {
        const dlq = deadLetterQueueFor(workQueueFor(prefix, 'switch'));
        // As every DLQ was declared before issue 7: a quorum queue with no limits.
        await channel.assertQueue(dlq, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
        if (index === 1) channel.sendToQueue(dlq, Buffer.from('parked'), { messageId: 'kept' });
      }
      const [empty, full, running] = prefixes.map((prefix) =>
        buildTopology({ prefix, participants: ['switch'] }),
      );
      expect(await declareTopology(amqpUrl, empty)).to.deep.equal([
        deadLetterQueueFor(workQueueFor(empty.prefix, 'switch')),
      ]);
      expect(await declareTopology(amqpUrl, empty), 'idempotent').to.deep.equal([]);
      const refused = await declareTopology(amqpUrl, full).then(
        () => undefined,
        (error: Error) => error,
      );
      expect(refused?.message).to.match(/exists with other arguments and is not empty: drain it/);
      // A running network (a consumer on a work queue) blocks the replacement too.
      const work = running.queues.find((q) => q.name === workQueueFor(running.prefix, 'switch'))!;
      await channel.assertQueue(work.name, work.options);
      await channel.consume(work.name, () => undefined);
      const busy = await declareTopology(amqpUrl, running).then(
        () => undefined,
        (error: Error) => error,
      );
      expect(busy?.message).to.match(
        /cannot be replaced while .*switch\.work has consumers: stop the network/,
      );
      expect(
        (await channel.checkQueue(deadLetterQueueFor(workQueueFor(full.prefix, 'switch')))).messageCount,
      ).to.equal(1);
    } finally {
      for (const prefix of prefixes) {
        const cleanup = await connection.createChannel();
        cleanup.on('error', () => undefined);
        await deleteTopology(cleanup, buildTopology({ prefix, participants: ['switch'] })).catch(
          () => undefined,
        );
      }
      await connection.close();
    }
  });
});
