/**
 * One process of the bare pipeline the bench measures the project against (PERFORMANCE's baseline, written
 * for this purpose with plain `pg` and `amqplib`, sharing no code with the project's outbox). A payment is
 * an HTTP POST at the PSP and six quorum-queue messages, seven Postgres transactions in all:
 *
 *   POST → psp: [inbox, insert payment, outbox] ─pay→ switch: [inbox, insert, outbox] ─debit→
 *   bank: [inbox, update account, outbox] ─debited→ switch: [inbox, update, outbox] ─credit→
 *   bank: [inbox, update account, outbox] ─credited→ switch: [inbox, update, outbox] ─done→
 *   psp: [inbox, update payment final]
 *
 * Each step: consume → one transaction → publish with a confirm, right after commit, from memory → ack.
 * No business logic, no crypto, no timers, no failure handling beyond redelivery: the floor of what this
 * architecture costs on the box. Started by baselinePipeline.ts with its options as one JSON argument;
 * prints "ready" once it consumes (and, for the PSP, listens).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import amqp, { type ConsumeMessage } from 'amqplib';
import pg from 'pg';
import { BASELINE_ACCOUNTS, type BaselineRole } from './baselineSchema.ts';

export type ParticipantOptions = {
  role: BaselineRole;
  databaseUrl: string;
  amqpUrl: string;
  /** Queue names: `${queuePrefix}psp`, `…switch`, `…bank`. */
  queuePrefix: string;
  /** The PSP's HTTP port. */
  httpPort?: number;
  poolSizeMax: number;
  prefetch: number;
};

type Kind = 'pay' | 'debit' | 'debited' | 'credit' | 'credited' | 'done';
type Message = {
  messageId: string;
  kind: Kind;
  paymentId: string;
  amountMinor: number;
  payerAccount: number;
  payeeAccount: number;
  /** Pads a message to about the size of a sealed envelope. */
  pad: string;
};
type Next = { to: BaselineRole; kind: Kind };
type Write = { text: string; values: unknown[] };

const PAD = 'x'.repeat(400);
const options = JSON.parse(process.argv[2] ?? '{}') as ParticipantOptions;
const queueOf = (role: BaselineRole): string => `${options.queuePrefix}${role}`;
const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSizeMax });
const connection = await amqp.connect(options.amqpUrl, { noDelay: true });
const publisher = await connection.createConfirmChannel();
const consumer = await connection.createChannel();
await consumer.prefetch(options.prefetch);

const publish = (to: BaselineRole, message: Message): Promise<void> =>
  new Promise((resolve, reject) => {
    publisher.publish(
      '',
      queueOf(to),
      Buffer.from(JSON.stringify(message)),
      { persistent: true, messageId: message.messageId, contentType: 'application/json' },
      (error) => (error ? reject(new Error(`publish nacked: ${String(error)}`)) : resolve()),
    );
  });

/**
 * One step's transaction: inbox row first (a duplicate ends it), the step's write, the outbox row of the
 * next message. Returns the message to publish once committed (undefined for a duplicate or the last step).
 */
const transact = async (
  consumerName: string,
  incoming: Omit<Message, 'messageId' | 'kind'> & { messageId: string },
  write: Write,
  next: Next | undefined,
): Promise<{ to: BaselineRole; message: Message } | undefined> => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const fresh = await client.query(
      'INSERT INTO inbox (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [consumerName, incoming.messageId],
    );
    if (fresh.rowCount === 0) {
      await client.query('ROLLBACK');
      return undefined;
    }
    await client.query(write.text, write.values);
    let outgoing: { to: BaselineRole; message: Message } | undefined;
    if (next !== undefined) {
      const { messageId: _, ...payment } = incoming;
      const message: Message = { ...payment, messageId: randomUUID(), kind: next.kind, pad: PAD };
      await client.query('INSERT INTO outbox (message_id, routing_key, body) VALUES ($1, $2, $3)', [
        message.messageId,
        queueOf(next.to),
        Buffer.from(JSON.stringify(message)),
      ]);
      outgoing = { to: next.to, message };
    }
    await client.query('COMMIT');
    return outgoing;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
};

/** What each participant does with each kind of message it consumes: its write and the next message. */
const stepOf = (message: Message): { write: Write; next: Next | undefined } => {
  const { paymentId: id, amountMinor } = message;
  switch (message.kind) {
    case 'pay':
      return {
        write: {
          text: 'INSERT INTO payments (id, step, amount_minor) VALUES ($1, 1, $2)',
          values: [id, amountMinor],
        },
        next: { to: 'bank', kind: 'debit' },
      };
    case 'debited':
    case 'credited':
      return {
        write: {
          text: 'UPDATE payments SET step = step + 1, updated_at = now() WHERE id = $1',
          values: [id],
        },
        next: message.kind === 'debited' ? { to: 'bank', kind: 'credit' } : { to: 'psp', kind: 'done' },
      };
    case 'debit':
    case 'credit':
      return {
        write: {
          text: 'UPDATE accounts SET balance_minor = balance_minor + $1 WHERE id = $2',
          values:
            message.kind === 'debit'
              ? [-amountMinor, message.payerAccount]
              : [amountMinor, message.payeeAccount],
        },
        next: { to: 'switch', kind: message.kind === 'debit' ? 'debited' : 'credited' },
      };
    case 'done':
      return {
        write: {
          text: "UPDATE payments SET status = 'SUCCESS', final_at = clock_timestamp() WHERE id = $1",
          values: [id],
        },
        next: undefined,
      };
  }
};

let accepted = 0;
let finished = 0;

const onDelivery = async (delivery: ConsumeMessage): Promise<void> => {
  const message = JSON.parse(delivery.content.toString()) as Message;
  const { write, next } = stepOf(message);
  const outgoing = await transact(`${options.role}.${message.kind}`, message, write, next);
  if (outgoing !== undefined) await publish(outgoing.to, outgoing.message);
  if (message.kind === 'done') finished += 1;
};

await consumer.consume(queueOf(options.role), (delivery) => {
  if (delivery === null) return;
  onDelivery(delivery).then(
    () => consumer.ack(delivery),
    (error: unknown) => {
      console.error(`${options.role}: ${(error as Error).message}`);
      consumer.nack(delivery, false, true);
    },
  );
});

/** The PSP's ingress: POST /payments {id, amountMinor} → 202 once committed; the publish follows. */
const ingress = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
  if (request.method === 'GET') {
    response.writeHead(200, { 'content-type': 'application/json' });
    return void response.end(JSON.stringify({ inFlight: accepted - finished }));
  }
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const { id, amountMinor } = JSON.parse(Buffer.concat(chunks).toString()) as {
    id: string;
    amountMinor: number;
  };
  const payerAccount = Number.parseInt(id.slice(-6), 16) % BASELINE_ACCOUNTS;
  const outgoing = await transact(
    'psp.ingress',
    {
      messageId: id,
      paymentId: id,
      amountMinor,
      payerAccount,
      payeeAccount: (payerAccount + 1) % BASELINE_ACCOUNTS,
      pad: PAD,
    },
    {
      text: "INSERT INTO payments (id, status, amount_minor) VALUES ($1, 'PENDING', $2)",
      values: [id, amountMinor],
    },
    { to: 'switch', kind: 'pay' },
  );
  if (outgoing === undefined) {
    response.writeHead(200).end(); // a repeated POST: already accepted
    return;
  }
  accepted += 1;
  response.writeHead(202).end();
  await publish(outgoing.to, outgoing.message);
};

if (options.role === 'psp') {
  const server = createServer((request, response) => {
    ingress(request, response).catch((error: unknown) => {
      console.error(`psp ingress: ${(error as Error).message}`);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(options.httpPort, '127.0.0.1', resolve));
}

const stop = (): void => {
  void connection
    .close()
    .catch(() => undefined)
    .then(() => pool.end())
    .finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
console.log('ready');
