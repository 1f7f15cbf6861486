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
  type TimeoutElapsed,
} from '@switchyard/contracts';
import { loadNetwork, participantsOf } from '@switchyard/infra';
import { createTestDatabase, testLog, type TestDatabase } from '@switchyard/infra/testing';
import {
  createDeadlines,
  createOutbox,
  outboxMigrations,
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
  /** The armed timer's message, as the sweeper would emit it. */
  deadline(txnId: string, leg: TimeoutElapsed['leg']): Promise<TimeoutElapsed | undefined>;
  drop(): Promise<void>;
};

export const createHandlerWorld = async (
  timeoutsMs: TestTimeoutsMs,
  options: SwitchTestOptions = {},
): Promise<HandlerWorld> => {
  const network = loadNetwork();
  const participants = participantsOf(network);
  const keys = createTestKeys(participants);
  const db = await createTestDatabase([outboxMigrations, switchMigrations]);
  const sealer = createSealer(keys.own(SWITCH), keys.directory);
  const deps = testHandlerDeps(
    {
      switchId: SWITCH,
      outbox: createOutbox({ sealer, prefix: PREFIX }),
      deadlines: createDeadlines({ sealer, prefix: PREFIX, participant: SWITCH }),
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
        await entry.handle(tx, withHead as never, context);
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
        SELECT message_id, body FROM deadlines WHERE txn_id = ${txnId} AND leg = ${leg}`)) as {
        message_id: string;
        body: Buffer;
      } | null;
      if (row === null) return undefined;
      const opened = openers
        .get(SWITCH)!
        .open({ body: row.body, amqpMessageId: row.message_id, now: new Date() });
      if (!opened.ok) throw new Error(`cannot open deadline: ${opened.reason}`);
      return opened.opened.message as TimeoutElapsed;
    },
    async drop() {
      deps.breakers.shutdown();
      await db.drop();
    },
  };
};
