/**
 * `make reset`: a clean slate for the local network — stops it, drops every service database and deletes
 * its RabbitMQ topology (queues, exchanges). Keys and secrets in .keys/ stay (delete .keys/ too to start
 * over completely). The next `make up` recreates everything.
 */
import amqp from 'amqplib';
import { Command } from 'commander';
import { buildTopology, dropDatabase, loadNetwork, participantsOf } from '@switchyard/infra';
import { deleteDemoSessions } from '../demo/demoSessions.ts';
import { LOCAL_SETTINGS_HELP, localSettings } from '../config.ts';

new Command('reset')
  .description(
    'Drop every service database of the local network and delete its RabbitMQ queues and exchanges (the ' +
      'network must be stopped: make reset stops it first). Keys and secrets in .keys/ stay.',
  )
  .addHelpText('after', LOCAL_SETTINGS_HELP)
  .parse();

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
deleteDemoSessions(settings.runDir);
console.log(
  `reset: deleted ${deleted} queues and ${topology.exchanges.length} exchanges of ${network.prefix}*`,
);
