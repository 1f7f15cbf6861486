/**
 * `make dlq` — the local network's dead letters: per participant, how many messages sit in its DLQ and,
 * for the first few, their type, txn id and why they were parked (x-dead-reason / x-dead-detail, or the
 * broker's x-first-death-reason for delivery-limit). Looking does not consume: messages are returned.
 * `make dlq REPLAY=bank.lotus [LIMIT=10]` re-publishes them to the work queue with the SAME messageId, so
 * the consumer's inbox still deduplicates anything that had in fact been handled.
 */
import amqp from 'amqplib';
import { Command } from 'commander';
import { deadLetterQueueFor, workQueueFor } from '@switchyard/contracts';
import { loadNetwork, participantsOf } from '@switchyard/infra';
import { replayDeadLetters } from '@switchyard/outbox';
import { numberArgument } from '../commandLine/numberArgument.ts';
import { LOCAL_SETTINGS_HELP, localSettings } from '../config.ts';

const values = new Command('dlq')
  .description(
    "The local network's dead letters: per participant, how many messages sit in its DLQ and, for the " +
      'first few, their type, txn id and why they were parked. Looking does not consume them.',
  )
  .option(
    '--replay <participant>',
    "instead, re-publish that participant's dead letters to its work queue (same messageId: the inbox still deduplicates)",
  )
  .option('--limit <n>', 'with --replay: at most this many', numberArgument({ min: 1, integer: true }), 100)
  .option('--show <n>', 'messages shown per DLQ', numberArgument({ integer: true }), 3)
  .addHelpText('after', LOCAL_SETTINGS_HELP)
  .parse()
  .opts<{ replay?: string; limit: number; show: number }>();
const settings = localSettings();
const network = loadNetwork(settings.networkFile);
const connection = await amqp.connect(settings.amqpUrl);
try {
  const channel = await connection.createConfirmChannel();
  if (values.replay) {
    if (!participantsOf(network).includes(values.replay)) throw new Error(`no participant ${values.replay}`);
    const replayed = await replayDeadLetters({
      channel,
      queue: workQueueFor(network.prefix, values.replay),
      limit: values.limit,
    });
    console.log(`dlq: replayed ${replayed} message(s) to ${workQueueFor(network.prefix, values.replay)}`);
  } else {
    for (const participant of participantsOf(network)) {
      const dlq = deadLetterQueueFor(workQueueFor(network.prefix, participant));
      const { messageCount } = await channel.checkQueue(dlq);
      console.log(`${participant.padEnd(12)} ${String(messageCount).padStart(5)} in ${dlq}`);
      const peeked = [];
      for (let i = 0; i < Math.min(messageCount, values.show); i += 1) {
        const message = await channel.get(dlq, { noAck: false });
        if (!message) break;
        peeked.push(message);
        const h = message.properties.headers ?? {};
        const reason = String(h['x-dead-reason'] ?? h['x-first-death-reason'] ?? '?');
        console.log(
          `    ${String(message.properties.type)} txn ${String(message.properties.correlationId ?? '-')} from ` +
            `${String(message.properties.appId ?? h['x-sender'] ?? '?')}: ${reason}${h['x-dead-detail'] ? ` — ${String(h['x-dead-detail'])}` : ''}`,
        );
      }
      for (const message of peeked) channel.nack(message, false, true); // back where they were
    }
  }
  await channel.close();
} finally {
  await connection.close();
}
