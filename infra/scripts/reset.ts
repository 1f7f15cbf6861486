/**
 * `make reset`: a clean slate for the local network — stops it, drops every service database and deletes
 * its RabbitMQ topology (queues, exchanges). Keys and secrets in .keys/ stay (delete .keys/ too to start
 * over completely). The next `make up` recreates everything.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import amqp from 'amqplib';
import { buildTopology, dropDatabase, loadNetwork, participantsOf } from '@switchyard/infra';
import { localSettings } from '../src/launcher/settings.ts';

const settings = localSettings();
const network = loadNetwork(settings.networkFile);
for (const entry of [network.switch, ...network.psps, ...network.banks]) {
  await dropDatabase(settings.postgresUrl, entry.database);
  console.log(`reset: dropped database ${entry.database}`);
}
const topology = buildTopology({ prefix: network.prefix, participants: participantsOf(network) });
const connection = await amqp.connect(settings.amqpUrl);
let channel = await connection.createChannel();
let deleted = 0;
for (const queue of topology.queues) {
  await channel.deleteQueue(queue.name).then(
    () => {
      deleted += 1;
    },
    async () => {
      channel = await connection.createChannel();
    },
  );
}
for (const exchange of topology.exchanges) {
  await channel.deleteExchange(exchange.name).catch(async () => {
    channel = await connection.createChannel();
  });
}
await connection.close();
rmSync(join(settings.runDir, 'demo-sessions.json'), { force: true });
console.log(
  `reset: deleted ${deleted} queues and ${topology.exchanges.length} exchanges of ${network.prefix}*`,
);
