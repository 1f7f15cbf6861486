import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import {
  deadLetterExchange,
  exchangeFor,
  retryQueueFor,
  unroutableQueue,
  workQueueFor,
} from '@switchyard/contracts';
import { assertTopology } from '../../src/rabbit/topology.ts';
import { createConfirmPublisher, outcomeWithin, type ConfirmPublisher } from '../../src/rabbit/publisher.ts';
import { closeBrokerConnections, createTestBroker, type TestBroker } from '../../src/testing/testBroker.ts';

const until = async (check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('infra/rabbit: topology, confirms, returns, reconnection', function () {
  this.timeout(30_000);
  let test: TestBroker;
  let publisher: ConfirmPublisher;
  const work = (p: string) => workQueueFor(test.prefix, p);
  const publish = async (exchange: string, key: string) =>
    outcomeWithin(
      (
        await publisher.publish(exchange, key, Buffer.from('{}'), {
          messageId: randomUUID(),
          persistent: true,
        })
      ).outcome,
      5_000,
    );

  before(async () => {
    test = await createTestBroker({
      participants: ['alpha', 'beta'],
      retryDelaysMs: [200],
      workQueueLengthMax: 3,
    });
    publisher = createConfirmPublisher(await test.broker.createConfirmChannel());
  });
  after(async () => {
    await publisher.close();
    await test.drop();
  });

  it('declares the topology idempotently (re-asserting on reconnect is safe)', async () => {
    await assertTopology(await test.channel(), test.topology);
    const names = test.topology.queues.map((q) => q.name);
    expect(names).to.include.members([
      work('alpha'),
      `${work('alpha')}.dlq`,
      retryQueueFor(work('alpha'), 200),
      unroutableQueue(test.prefix),
    ]);
    for (const name of names) expect(await test.messageCount(name)).to.equal(0);
  });

  it('routes by recipient exchange into the work queue and confirms', async () => {
    expect(await publish(exchangeFor(test.prefix, 'alpha'), 'upi.ReqChkTxn.v1')).to.equal('confirmed');
    expect((await test.drain(work('alpha'))).length).to.equal(1);
  });

  it('sends what no binding takes to the alternate exchange: confirmed, not returned, kept in the unroutable queue', async () => {
    const channel = await test.channel();
    await channel.unbindQueue(work('beta'), exchangeFor(test.prefix, 'beta'), '#');
    try {
      expect(await publish(exchangeFor(test.prefix, 'beta'), 'anything')).to.equal('confirmed');
      expect(await test.messageCount(unroutableQueue(test.prefix))).to.equal(1);
    } finally {
      await channel.bindQueue(work('beta'), exchangeFor(test.prefix, 'beta'), '#');
      await test.drain(unroutableQueue(test.prefix));
    }
  });

  it("reports 'returned' for a mandatory publish nothing routes (an exchange without an alternate)", async () => {
    expect(await publish(deadLetterExchange(test.prefix), 'no-such-binding')).to.equal('returned');
  });

  it("nacks publishes beyond the work queue's max-length (reject-publish)", async () => {
    const outcomes = [];
    for (let i = 0; i < 6; i += 1) outcomes.push(await publish(exchangeFor(test.prefix, 'beta'), 'x'));
    // A quorum queue checks the limit before enqueueing, so it holds max-length + 1 before it rejects.
    expect(outcomes).to.deep.equal(['confirmed', 'confirmed', 'confirmed', 'confirmed', 'nacked', 'nacked']);
    expect((await test.drain(work('beta'))).length).to.equal(4);
  });

  it('dead-letters an expired retry copy back into the work queue', async () => {
    expect(await publish('', retryQueueFor(work('alpha'), 200))).to.equal('confirmed');
    await until(async () => (await test.messageCount(work('alpha'))) === 1);
    const [message] = await test.drain(work('alpha'));
    expect(message.properties.headers?.['x-death']?.[0]?.reason).to.equal('expired');
  });

  it('reconnects after the connection drops, re-asserting the topology and re-running setups', async () => {
    let setups = 0;
    await test.broker.onConnect(async () => {
      setups += 1;
    });
    expect(setups).to.equal(1);
    await test.channel().then((c) => c.deleteQueue(retryQueueFor(work('beta'), 200)));
    expect(await closeBrokerConnections(test.broker.name)).to.equal(1);
    await until(async () => setups === 2 && test.broker.isConnected());
    expect(await test.messageCount(retryQueueFor(work('beta'), 200))).to.equal(0); // re-declared
    publisher = createConfirmPublisher(await test.broker.createConfirmChannel());
    expect(await publish(exchangeFor(test.prefix, 'alpha'), 'x')).to.equal('confirmed');
    await test.drain(work('alpha'));
  });
});
