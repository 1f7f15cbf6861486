/**
 * The topology definitions match what the services declare: imported into the real broker (management API,
 * a test prefix), the topology the services assert on connect is then accepted as is (a differing argument
 * would be a 406 PRECONDITION_FAILED).
 */
import amqp from 'amqplib';
import { expect } from 'chai';
import { assertTopology, buildTopology, deleteTopology } from '@switchyard/infra';
import { testPrefix, testSettings } from '@switchyard/infra/testing';
import { topologyDefinitions } from '../../src/network/rabbitDefinitions.ts';

const PARTICIPANTS = ['switch', 'psp.zap', 'bank.lotus'];

const management = (): { base: string; authorization: string } => {
  const url = new URL(testSettings().managementUrl);
  const authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  url.username = '';
  url.password = '';
  return { base: url.toString().replace(/\/$/, ''), authorization };
};

describe('tools: the RabbitMQ definitions file (int)', function () {
  this.timeout(60_000);

  it('imported into the broker, it is exactly the topology the services assert', async () => {
    const topology = buildTopology({ prefix: testPrefix(), participants: PARTICIPANTS });
    const objects = topologyDefinitions(topology);
    const { base, authorization } = management();
    const imported = await fetch(`${base}/api/definitions/%2F`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(objects),
    });
    expect(imported.status, await imported.text()).to.be.within(200, 204);
    const connection = await amqp.connect(testSettings().amqpUrl);
    try {
      const channel = await connection.createChannel();
      const { messageCount } = await channel.checkQueue(`${topology.prefix}bank.lotus.work.dlq`);
      expect(messageCount, 'the imported queue exists').to.equal(0);
      await assertTopology(channel, topology); // a differing argument closes the channel with a 406
      await deleteTopology(channel, topology);
      await channel.close();
    } finally {
      await connection.close();
    }
  });
});
