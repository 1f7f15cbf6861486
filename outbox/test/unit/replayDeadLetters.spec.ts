/**
 * Pure unit test with a fake channel: a DLQ that refills itself — every message replayed comes straight
 * back, as a message that still fails does on the real broker (where the timing of that race is not
 * deterministic, hence a fake here). The replay must stop at what the DLQ held when it started.
 */
import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import type { ConfirmChannel, GetMessage } from 'amqplib';
import { replayDeadLetters } from '../../src/replayDeadLetters.ts';

const refillingDlq = () => {
  const emitter = new EventEmitter();
  let served = 0;
  const published: string[] = [];
  const channel = Object.assign(emitter, {
    checkQueue: async (queue: string) => ({ queue, messageCount: 1, consumerCount: 0 }),
    get: async (): Promise<GetMessage> => {
      served += 1;
      return {
        content: Buffer.from('{}'),
        fields: {
          deliveryTag: served,
          redelivered: false,
          exchange: '',
          routingKey: 'q.dlq',
          messageCount: 0,
        },
        properties: { messageId: 'm-1', headers: { 'x-dead-reason': 'still_broken' } },
      } as unknown as GetMessage;
    },
    publish: (
      _exchange: string,
      routingKey: string,
      _content: Buffer,
      _options: unknown,
      callback: (error: unknown) => void,
    ) => {
      published.push(routingKey);
      queueMicrotask(() => callback(null));
      return true;
    },
    ack: () => undefined,
    nack: () => undefined,
    close: async () => undefined,
  });
  return { channel: channel as unknown as ConfirmChannel, published, served: () => served };
};

describe('outbox: DLQ replay (unit)', () => {
  it('replays at most what the DLQ held when it started, even when replayed messages come straight back', async () => {
    const fake = refillingDlq();
    const replayed = await replayDeadLetters({ channel: fake.channel, queue: 'q', limit: 100 });
    expect(replayed).to.equal(1);
    expect(fake.published).to.deep.equal(['q']);
    expect(fake.served()).to.equal(1);
  });
});
