/**
 * The sending side of the simulated phone network: an SMS is published to `${prefix}sms` with the mobile
 * number as the routing key (contracts smsExchangeFor, Sms), on a confirm channel of the service's own
 * broker connection, and send() resolves once RabbitMQ confirmed it.
 *
 * Not through the outbox: an SMS is not a UPI message (nothing to seal, no peer to deduplicate it), and
 * the senders decide what a lost SMS means — both send one-time codes that are worthless unless they
 * arrive, and the customer asks for a new code (UPI apps offer "resend"). So a PSP sends the registration
 * code after its transaction committed and answers 503 when the send is not confirmed; a bank sends its
 * code after its handler committed, and a crash in between is the SMS lost in the phone network.
 *
 * The text is never logged: it carries the code.
 */
import { randomUUID } from 'node:crypto';
import { smsExchangeFor, type Sms } from '@switchyard/contracts';
import type { Log } from '../runtime/logger.ts';
import type { Broker } from './connection.ts';
import { createConfirmPublisher, outcomeWithin, type ConfirmPublisher } from './publisher.ts';

export type SmsSender = {
  /**
   * Sends `text` to `to`; resolves once the broker confirmed it (also when no phone listens on the number).
   * @throws Error when the broker did not confirm it within the timeout (nacked, channel closed, no connection)
   */
  send(message: { to: string; text: string }): Promise<void>;
};

export type SmsSenderOptions = {
  /** The service's broker connection, or its promise when the sender is built before messaging starts. */
  broker: Broker | Promise<Broker>;
  prefix: string;
  /** The sender id shown on the phone (contracts smsSenderIdOf). */
  from: string;
  log: Log;
  now: () => Date;
  confirmTimeoutMs?: number;
};

const CONFIRM_TIMEOUT_MS_DEFAULT = 5_000;

const withTimeout = async <T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

/** A sender on `broker`'s connection; its confirm channel is opened on first use and reopened after a drop. */
export const createSmsSender = (o: SmsSenderOptions): SmsSender => {
  const exchange = smsExchangeFor(o.prefix);
  const timeoutMs = o.confirmTimeoutMs ?? CONFIRM_TIMEOUT_MS_DEFAULT;
  const log = o.log.child({ component: 'sms' });
  let publisher: Promise<ConfirmPublisher> | undefined;

  const publisherNow = async (): Promise<ConfirmPublisher> => {
    const current = publisher === undefined ? undefined : await publisher.catch(() => undefined);
    if (current?.isOpen()) return current;
    const opening = Promise.resolve(o.broker)
      .then((broker) => broker.createConfirmChannel())
      .then(createConfirmPublisher);
    publisher = opening;
    return opening;
  };

  return {
    async send({ to, text }) {
      const sms: Sms = { to, from: o.from, text, sentAt: o.now().toISOString() };
      const messageId = randomUUID();
      const pending = await withTimeout(
        publisherNow().then((p) =>
          p.publish(exchange, to, Buffer.from(JSON.stringify(sms), 'utf8'), {
            messageId,
            contentType: 'application/json',
            appId: o.from,
          }),
        ),
        timeoutMs,
        'no SMS channel',
      );
      const outcome = await outcomeWithin(pending.outcome, timeoutMs);
      if (outcome === 'returned')
        log.info({ to: `…${to.slice(-4)}` }, 'SMS sent; no phone listens on the number');
      else if (outcome !== 'confirmed') throw new Error(`SMS to …${to.slice(-4)} not confirmed: ${outcome}`);
    },
  };
};
