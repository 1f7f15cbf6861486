/**
 * The definitions file matches what the services declare: imported into the real broker (management API,
 * a test prefix, no users — the shared broker's users are left alone), the topology the services assert on
 * connect is then accepted as is (a differing argument would be a 406 PRECONDITION_FAILED). And the
 * committed docker/rabbitmq/definitions.json is what `definitions` makes today.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import amqp from 'amqplib';
import { expect } from 'chai';
import { assertTopology, buildTopology, deleteTopology } from '@switchyard/infra';
import { testPrefix, testSettings } from '@switchyard/infra/testing';
import { REPO_ROOT } from '../../src/config.ts';
import { rabbitDefinitions, rabbitPasswordHash } from '../../src/network/rabbitDefinitions.ts';

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
    const { users, vhosts, permissions, ...objects } = rabbitDefinitions({ topology, users: [] });
    expect([users, vhosts, permissions]).to.deep.equal([[], [], []]);
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

  it("hashes passwords as RabbitMQ's rabbit_password_hashing_sha256 does", () => {
    // base64(salt ‖ sha256(salt ‖ password)) with a 4-byte salt
    const decoded = Buffer.from(rabbitPasswordHash('guest', 'guest'), 'base64');
    expect(decoded.length).to.equal(4 + 32);
    const salt = decoded.subarray(0, 4);
    const digest = createHash('sha256')
      .update(Buffer.concat([salt, Buffer.from('guest')]))
      .digest();
    expect(decoded.subarray(4).equals(digest)).to.equal(true);
    expect(rabbitPasswordHash('guest', 'guest'), 'stable: the file is committed').to.equal(
      rabbitPasswordHash('guest', 'guest'),
    );
  });

  it('the committed docker/rabbitmq/definitions.json is current', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['tools/src/cli/definitions.ts', '--check'],
      {
        cwd: REPO_ROOT,
      },
    );
    expect(stdout).to.include('is current');
  });
});
