/**
 * The switch's handlers on a real Postgres database, without a broker: messages are delivered by calling
 * the handler inside a real transaction (as the consumer runner does after its inbox insert), and what
 * the switch sends is read back from the outbox table and opened with the recipients' test keys.
 */
import { sql } from 'slonik';
import {
  createOpener,
  createSealer,
  createTestKeys,
  newMessageId,
  type Message,
  type MessageType,
  type Sealer,
  type TimeoutElapsed,
} from '@switchyard/contracts';
import { loadNetwork, participantsOf, type Tx } from '@switchyard/infra';
import { createTestDatabase, testLog, type TestDatabase } from '@switchyard/infra/testing';
import {
  createDeadlines,
  createOutbox,
  outboxMigrations,
  timeoutMessage,
  type HandlerEntry,
  type Handlers,
  type MessageContext,
} from '@switchyard/outbox';
import { switchMigrations } from '../../../src/db/switchMigrations.ts';
import { createHandlers } from '../../../src/handlers/index.ts';
import type { HandlerDeps } from '../../../src/handlers/handlerDeps.ts';
import { testHandlerDeps, type SwitchTestOptions, type TestTimeoutsMs } from './testDeps.ts';
import { createRoutes } from '../../../src/handlers/routes.ts';

export const SWITCH = 'switch';
const PREFIX = 'hw.';

type Sent = { recipient: string; type: MessageType; message: Message; messageId: string };

export type HandlerWorld = {
  db: TestDatabase;
  handlers: Handlers;
  /** The handlers' deps: the breakers, settings and clock a test may inspect. */
  deps: HandlerDeps;
  /** Runs the handler for `message` as if `from` sent it; returns its messageId. */
  deliver(from: string, message: Message, messageId?: string): Promise<string>;
  /** Messages the switch enqueued for `txnId` (opened), oldest first; taken ones are deleted from the outbox. */
  takeSent(txnId: string): Promise<Sent[]>;
  /** The armed timer's message, as the sweeper would seal it if it fired now. */
  deadline(txnId: string, leg: TimeoutElapsed['leg']): Promise<TimeoutElapsed | undefined>;
  /** How many messages the switch's sealer sealed, by message type, since the world was created. */
  seals: Map<string, number>;
  /** The SQL text of every statement the handlers ran on their transaction, in order. */
  statements: string[];
  drop(): Promise<void>;
};

/** Statement methods of a slonik connection: each call is one statement (its first argument the SQL token). */
const STATEMENT_METHODS = new Set([
  'any',
  'anyFirst',
  'exists',
  'many',
  'manyFirst',
  'maybeOne',
  'maybeOneFirst',
  'one',
  'oneFirst',
  'query',
]);

/**
 * `tx` recording each statement's SQL in `statements`. Only for handlers here: the proxy is another object
 * than `tx`, so anything keyed by the transaction object (the relay's outbox copies) would not find it.
 */
const recordingTx = (tx: Tx, statements: string[]): Tx =>
  new Proxy(tx, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (typeof property === 'string' && STATEMENT_METHODS.has(property))
        return (token: { sql: string }, ...rest: unknown[]) => {
          statements.push(token.sql);
          return (value as (...args: unknown[]) => unknown).call(target, token, ...rest);
        };
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });

export const createHandlerWorld = async (
  timeoutsMs: TestTimeoutsMs,
  options: SwitchTestOptions = {},
): Promise<HandlerWorld> => {
  const network = loadNetwork();
  const participants = participantsOf(network);
  const keys = createTestKeys(participants);
  const db = await createTestDatabase([outboxMigrations, switchMigrations]);
  const seals = new Map<string, number>();
  const statements: string[] = [];
  const switchSealer = createSealer(keys.own(SWITCH), keys.directory);
  const sealer: Sealer = {
    ...switchSealer,
    seal(input) {
      seals.set(input.message.type, (seals.get(input.message.type) ?? 0) + 1);
      return switchSealer.seal(input);
    },
  };
  const deps = testHandlerDeps(
    {
      switchId: SWITCH,
      outbox: createOutbox({ sealer, prefix: PREFIX }),
      deadlines: createDeadlines(),
      routes: createRoutes(network),
      log: testLog('switch'),
    },
    timeoutsMs,
    options,
  );
  const handlers = createHandlers(deps);
  const openers = new Map(participants.map((p) => [p, createOpener(keys.own(p), keys.directory)]));
  const recipientOf = (exchange: string): string => exchange.slice(PREFIX.length);
  return {
    db,
    handlers,
    deps,
    async deliver(from, message, messageId = newMessageId()) {
      const withHead = {
        ...message,
        head: { ...(message as { head: object }).head, orgId: from, msgId: messageId },
      } as Message;
      // tsc needs both assertions (a mapped type indexed by a union); typescript-eslint's view of the types differs.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      const entry = handlers[withHead.type] as HandlerEntry<MessageType> | undefined;
      if (entry === undefined) throw new Error(`no handler for ${withHead.type}`);
      let callbacks: Array<() => void> = [];
      const context: MessageContext = {
        messageId,
        type: withHead.type,
        sender: from,
        deliveryCount: 1,
        redelivered: false,
        afterCommit: (fn) => callbacks.push(fn),
      };
      await db.db.transaction(async (tx) => {
        callbacks = [];
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        await entry.handle(recordingTx(tx, statements), withHead as never, context);
      });
      for (const callback of callbacks) callback();
      return messageId;
    },
    async takeSent(txnId) {
      const rows = (await db.db.pool.any(sql.unsafe`
        DELETE FROM outbox WHERE correlation_id = ${txnId} RETURNING seq, message_id, exchange, body`)) as Array<{
        seq: number;
        message_id: string;
        exchange: string;
        body: Buffer;
      }>;
      return rows
        .sort((a, b) => a.seq - b.seq)
        .map((row) => {
          const recipient = recipientOf(row.exchange);
          const opened = openers
            .get(recipient)!
            .open({ body: row.body, amqpMessageId: row.message_id, now: new Date() });
          if (!opened.ok) throw new Error(`cannot open ${row.message_id}: ${opened.reason}`);
          return {
            recipient,
            type: opened.opened.message.type,
            message: opened.opened.message,
            messageId: row.message_id,
          };
        });
    },
    async deadline(txnId, leg) {
      const row = (await db.db.pool.maybeOne(sql.unsafe`
        SELECT message_id, leg_message_id, armed_at, due_at FROM deadlines
        WHERE txn_id = ${txnId} AND leg = ${leg}`)) as {
        message_id: string;
        leg_message_id: string;
        armed_at: Date;
        due_at: Date;
      } | null;
      if (row === null) return undefined;
      const timer = {
        messageId: row.message_id,
        txnId,
        leg,
        legMessageId: row.leg_message_id,
        armedAt: row.armed_at,
        dueAt: row.due_at,
      };
      return timeoutMessage(SWITCH, timer, new Date());
    },
    seals,
    statements,
    async drop() {
      deps.breakers.shutdown();
      await db.drop();
    },
  };
};
