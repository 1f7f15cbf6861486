/** Removes a network's queues and exchanges from the broker (its topology, as the services assert it). */
import amqp from 'amqplib';
import { buildTopology, participantsOf, type Network } from '@switchyard/infra';

/** Deletes every queue, then every exchange, of `network`'s topology; a missing one is skipped. */
export const deleteBrokerObjects = async (amqpUrl: string, network: Network): Promise<void> => {
  const topology = buildTopology({ prefix: network.prefix, participants: participantsOf(network) });
  const connection = await amqp.connect(amqpUrl);
  try {
    let channel = await connection.createChannel();
    const attempt = async (what: (c: typeof channel) => Promise<unknown>): Promise<void> => {
      // A failed delete closes the channel: open another and go on.
      await what(channel).catch(async () => {
        channel = await connection.createChannel();
      });
    };
    for (const queue of topology.queues) await attempt((c) => c.deleteQueue(queue.name));
    for (const exchange of topology.exchanges) await attempt((c) => c.deleteExchange(exchange.name));
    await channel.close().catch(() => undefined);
  } finally {
    await connection.close().catch(() => undefined);
  }
};
