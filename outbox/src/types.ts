/**
 * The reliable-messaging API services code against (docs/guarantees.md §2–§6). Implemented in this folder:
 * enqueue.ts, inbox.ts, relay.ts, consumerRunner.ts, deadlines.ts, deadlineSweeper.ts, messaging.ts.
 */
import type { Message, MessageOf, MessageType, TimerKind } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';

export type OutgoingMessage = {
  recipient: string;
  message: Message;
  /** The message's id (newMessageId()); its head.msgId is the same value. */
  messageId: string;
  correlationId?: string; // UPI txn id
  causationId?: string; // the inbound message that caused this one
};

/** Inserts a sealed message in the business transaction; the relay publishes it after commit. */
export type Outbox = { enqueue(tx: Tx, outgoing: OutgoingMessage): Promise<void> };

export type MessageContext = {
  messageId: string;
  type: MessageType;
  sender: string;
  correlationId?: string;
  deliveryCount: number;
  redelivered: boolean;
  /** Runs `fn` once the handler's transaction has committed (e.g. push a WebSocket update). */
  afterCommit(fn: () => void): void;
};

/**
 * One handler per message type. The consumer runner opens the transaction and inserts the inbox row
 * (consumer = `name`) FIRST; the handler only runs when the message is new, inside that transaction.
 * It must only issue SQL on `tx` (slonik may re-run it). Throw PermanentError for a message that can
 * never succeed (it goes to the DLQ at once); anything else thrown is retried with back-off.
 */
export type Handler<M> = (tx: Tx, message: M, context: MessageContext) => Promise<void>;
export type HandlerEntry<T extends MessageType> = { name: string; handle: Handler<MessageOf<T>> };
export type Handlers = { [T in MessageType]?: HandlerEntry<T> };

/** One timer to arm for a txn: its leg, when it falls due, the leg request it guards, the arming clock. */
export type TimerArm = { leg: TimerKind; dueAt: Date; legMessageId: string; now: Date };
export type ArmInput = TimerArm & { txnId: string };

/**
 * Timers (docs/guarantees.md §6): a deadline row armed in the business transaction, fired by the sweeper,
 * which seals its timeout message only then. Every call is one statement on `tx` and seals nothing.
 */
export type Deadlines = {
  /** @throws UniqueIntegrityConstraintViolationError when (txnId, leg) is armed already (a bug in the caller) */
  arm(tx: Tx, input: ArmInput): Promise<void>;
  /** Deletes the deadline; returns false when there was none (already fired or never armed). */
  cancel(tx: Tx, txnId: string, leg: TimerKind): Promise<boolean>;
  /**
   * A command's timer changes in ONE statement: deletes the deadlines of `cancel`, then arms `arm` (a leg may
   * be in both: its old row goes first). Returns the legs whose deadline it deleted (the others had none).
   * @throws UniqueIntegrityConstraintViolationError when a leg of `arm` stays armed (a bug in the caller)
   */
  cancelAndArm(
    tx: Tx,
    change: { txnId: string; cancel: readonly TimerKind[]; arm: readonly TimerArm[] },
  ): Promise<TimerKind[]>;
};
