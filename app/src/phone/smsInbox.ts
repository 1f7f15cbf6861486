/**
 * The phone side of the simulated phone network: a phone reads the SMS sent to its number from its own
 * queue, bound to the SMS exchange (contracts smsExchangeFor) with the number as the routing key — the way
 * the PSPs' and banks' one-time codes reach a customer. The demo, the tests and (through the app server's
 * bridge) the browser app read their codes here; nothing else can see them.
 *
 * An SMS sent while no phone listens on the number is gone (so is one to a switched-off phone): open the
 * inbox BEFORE the action that sends the SMS.
 */
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { parseSms, smsExchangeFor, type Sms } from '@switchyard/contracts';

export type SmsInbox = {
  readonly mobile: string;
  /**
   * The next SMS to this number whose text matches `match` (earlier ones that do not match stay for a later
   * call), waiting up to `timeoutMs` (default 15 s).
   * @throws Error when none arrives in time, or the inbox is closed
   */
  next(match?: RegExp, timeoutMs?: number): Promise<Sms>;
  /** The 6-digit code in the next SMS matching `match`. @throws Error as next() does */
  nextCode(match?: RegExp, timeoutMs?: number): Promise<string>;
  /**
   * Hands every SMS to `listener` as it arrives — those already waiting first — instead of keeping them
   * for next(): the app server's bridge to the browser's SMS notifications. Returns the way to stop.
   */
  listen(listener: (sms: Sms) => void): () => void;
  /** Resolves when the inbox closes (closed by its owner, or the broker connection went away). */
  readonly closed: Promise<void>;
  close(): Promise<void>;
};

export type PhoneNetwork = {
  /** A phone listening on `mobile` from now on. @throws the broker's error when the network is not up */
  inbox(mobile: string): Promise<SmsInbox>;
  close(): Promise<void>;
};

const CODE = /\b([0-9]{6})\b/;
const TIMEOUT_MS_DEFAULT = 15_000;

const openInbox = async (connection: ChannelModel, exchange: string, mobile: string): Promise<SmsInbox> => {
  const channel: Channel = await connection.createChannel();
  await channel.checkExchange(exchange);
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, exchange, mobile);
  const arrived: Sms[] = [];
  const waiters = new Set<() => void>();
  const listeners = new Set<(sms: Sms) => void>();
  let closed = false;
  let markClosed!: () => void;
  const closedPromise = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  const wake = (): void => {
    for (const waiter of [...waiters]) waiter();
  };
  await channel.consume(
    queue,
    (delivery: ConsumeMessage | null) => {
      const sms = delivery === null ? undefined : parseSms(delivery.content);
      if (sms?.to !== mobile) return;
      if (listeners.size > 0) for (const listener of listeners) listener(sms);
      else arrived.push(sms);
      wake();
    },
    { noAck: true },
  );
  channel.on('close', () => {
    closed = true;
    markClosed();
    wake();
  });
  channel.on('error', () => undefined); // a closed channel is reported by next(); nothing to log here

  const next = async (match = /./, timeoutMs = TIMEOUT_MS_DEFAULT): Promise<Sms> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = arrived.findIndex((sms) => match.test(sms.text));
      if (index >= 0) return arrived.splice(index, 1)[0];
      const left = deadline - Date.now();
      if (closed) throw new Error(`the inbox of ${mobile} is closed`);
      if (left <= 0) throw new Error(`no SMS to ${mobile} matching ${String(match)} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const done = (): void => {
          waiters.delete(done);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(done, left);
        waiters.add(done);
      });
    }
  };
  return {
    mobile,
    next,
    async nextCode(match, timeoutMs) {
      const sms = await next(match ?? CODE, timeoutMs);
      const code = CODE.exec(sms.text)?.[1];
      if (code === undefined) throw new Error(`the SMS to ${mobile} holds no code`);
      return code;
    },
    listen(listener) {
      for (const sms of arrived.splice(0)) listener(sms);
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    closed: closedPromise,
    async close() {
      if (closed) return;
      closed = true;
      markClosed();
      await channel.close().catch(() => undefined);
    },
  };
};

/**
 * Connects to the phone network of the network with name prefix `prefix` (`sy.`, or a test run's).
 * @throws the connection error when RabbitMQ cannot be reached
 */
export const connectPhoneNetwork = async (o: { amqpUrl: string; prefix: string }): Promise<PhoneNetwork> => {
  const connection = await amqp.connect(o.amqpUrl);
  connection.on('error', () => undefined); // surfaces as failing inboxes; the owner closes the network
  const exchange = smsExchangeFor(o.prefix);
  const inboxes = new Set<SmsInbox>();
  return {
    async inbox(mobile) {
      const inbox = await openInbox(connection, exchange, mobile);
      inboxes.add(inbox);
      return inbox;
    },
    async close() {
      for (const inbox of inboxes) await inbox.close();
      await connection.close().catch(() => undefined);
    },
  };
};
