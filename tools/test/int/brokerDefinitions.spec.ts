/**
 * The generated users-and-permissions definitions (network/brokerDefinitions.ts) are what RabbitMQ 3.10
 * imports: loaded through the management API (the import a booting broker does from its definitions
 * folder), every participant logs in with the password from its own secrets and gets its permissions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import amqp from 'amqplib';
import { generateKeys } from '@switchyard/contracts';
import {
  amqpUrlFor,
  brokerUserName,
  loadNetwork,
  managementApi,
  monitoringUserName,
  participantsOf,
  type Network,
} from '@switchyard/infra';
import { testPrefix, testSettings } from '@switchyard/infra/testing';
import { brokerUserDefinitions, rabbitPasswordHash } from '../../src/network/brokerDefinitions.ts';
import { brokerLoginsOf } from '../../src/network/brokerSetup.ts';
import { ensureSecrets, loadServiceSecrets } from '../../src/network/secrets.ts';

describe('tools: RabbitMQ users-and-permissions definitions', function () {
  this.timeout(60_000);
  const settings = testSettings();
  const api = managementApi({ url: settings.managementUrl, amqpUrl: settings.amqpUrl });
  const network: Network = { ...loadNetwork(), prefix: testPrefix() };
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sy-definitions-'));
    await generateKeys({ dir, participants: participantsOf(network) });
    await ensureSecrets(dir, network);
  });
  after(async () => {
    for (const { user } of brokerLoginsOf(network, dir)) await api.deleteUser(user.name);
    rmSync(dir, { recursive: true, force: true });
  });

  it('hashes like RabbitMQ: salt ‖ sha256(salt ‖ password)', () => {
    const salt = Buffer.from([1, 2, 3, 4]);
    const hash = Buffer.from(rabbitPasswordHash('secret', salt), 'base64');
    expect(hash.subarray(0, 4)).to.deep.equal(salt);
    expect(hash).to.have.length(36);
    expect(rabbitPasswordHash('secret', salt)).to.not.equal(rabbitPasswordHash('secret'));
  });

  it('imports: each participant logs in as its own user with the permissions the table gives it', async () => {
    const definitions = brokerUserDefinitions({
      network,
      keysDir: dir,
      vhost: '/',
      admin: { name: 'admin-unused', password: 'x' },
    });
    expect(definitions.users.map((u) => u.name)).to.include.members([
      ...participantsOf(network).map((p) => brokerUserName(network.prefix, p)),
      monitoringUserName(network.prefix),
      'admin-unused',
    ]);
    expect(JSON.stringify(definitions)).to.not.include(loadServiceSecrets(dir, 'switch').amqpPassword);
    // Import everything but the admin (this broker is shared: its admin stays as it is).
    const ours = {
      users: definitions.users.filter((u) => u.name !== 'admin-unused'),
      permissions: definitions.permissions.filter((p) => p.user !== 'admin-unused'),
    };
    const response = await fetch(
      new URL('/api/definitions', settings.managementUrl.replace(/\/\/[^@]*@/, '//')),
      {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${decodeURIComponent(new URL(settings.managementUrl).username)}:${decodeURIComponent(new URL(settings.managementUrl).password)}`).toString('base64')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(ours),
      },
    );
    expect(response.status, await response.text()).to.be.oneOf([200, 201, 204]);
    for (const participant of participantsOf(network)) {
      const user = brokerUserName(network.prefix, participant);
      const connection = await amqp.connect(
        amqpUrlFor(settings.amqpUrl, user, loadServiceSecrets(dir, participant).amqpPassword),
      );
      await connection.close();
      const permissions = (await api.get(`/permissions/%2F/${encodeURIComponent(user)}`)) as {
        write: string;
      };
      const expected = brokerLoginsOf(network, dir).find((l) => l.user.name === user)!.user.permissions.write;
      expect(permissions.write, participant).to.equal(expected);
    }
    const monitor = (await api.get(`/users/${encodeURIComponent(monitoringUserName(network.prefix))}`)) as {
      tags: string[];
    };
    expect(monitor.tags).to.deep.equal(['monitoring']);
  });
});
