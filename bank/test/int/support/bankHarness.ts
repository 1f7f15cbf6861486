/**
 * A bank under test, in-process, against its own real Postgres database: the real handlers, the real outbox
 * writer (replies sealed for the switch) and real creds sealing. `deliver()` runs a request exactly as the
 * consumer runner does (one transaction: inbox row first, then the handler; afterCommit callbacks after
 * COMMIT) and returns the replies it enqueued, opened with the switch's keys.
 */
import { randomBytes } from 'node:crypto';
import {
  createOpener,
  createSealer,
  createTestKeys,
  fixture,
  newMessageId,
  newTxnId,
  sealCreds,
  type CredsPayload,
  type Message,
  type MessageOf,
  type MessageType,
  type TestKeys,
} from '@switchyard/contracts';
import { createLogger, type Db } from '@switchyard/infra';
import { createTestDatabase, type TestDatabase } from '@switchyard/infra/testing';
import {
  createOutbox,
  outboxMigrations,
  recordInbox,
  type HandlerEntry,
  type Handlers,
  type MessageContext,
} from '@switchyard/outbox';
import { sql } from 'slonik';
import { bankMigrations } from '../../../src/index.ts';
import { createHandlers } from '../../../src/handlers/index.ts';
import { createCredsReader } from '../../../src/hsm/credsReader.ts';
import { createPinHasher, type PinHasher } from '../../../src/hsm/pinHasher.ts';
import { seedBank, type SeedCustomer } from '../../../src/db/seedBank.ts';

export const BANK = 'bank.lotus';
export const SWITCH = 'switch';
export const DEMO_PIN = '1234';
const T0 = new Date('2025-11-21T10:15:00.000Z'); // 15:45 IST

/** Lotus customers for tests: acNum 1000000001xx, each with card 4000xx / 1229. */
export const customer = (n: number, overrides: Partial<SeedCustomer> = {}): SeedCustomer => ({
  name: `Customer ${n}`,
  mobile: `98000001${String(n).padStart(2, '0')}`,
  bank: BANK,
  acNum: `1000000001${String(n).padStart(2, '0')}`,
  ifsc: 'LOTS0000001',
  balanceMinor: 5_000_000,
  cardLast6: `4000${String(n).padStart(2, '0')}`,
  cardExpiry: '1229',
  status: 'ACTIVE',
  ...overrides,
});

type Delivered = { replies: Message[]; messageId: string };
/** An SMS the bank sent (handed to its SmsSender after the commit). */
type SentSms = { to: string; text: string };

export type BankHarness = {
  database: TestDatabase;
  db: Db;
  keys: TestKeys;
  pinHasher: PinHasher;
  handlers: Handlers;
  /** Every SMS the bank sent, oldest first (the harness's phone network: no broker here). */
  sms: SentSms[];
  /** The code in the last SMS to `mobile`. @throws Error when none was sent */
  lastOtpTo(mobile: string): string;
  /** The handlers' time (`deps.now()`); tests move it with setNow. */
  now(): Date;
  setNow(now: Date): void;
  deliver(message: Message, messageId?: string): Promise<Delivered>;
  /** The only reply `deliver` produced, checked to be of `type`. */
  ask<T extends MessageType>(message: Message, type: T, messageId?: string): Promise<MessageOf<T>>;
  sealPin(payload: CredsPayload): string;
  balanceOf(acNum: string): Promise<number>;
  internalBalance(kind: 'UPI_SETTLEMENT' | 'OPENING'): Promise<number>;
  pinState(
    acNum: string,
  ): Promise<{ failedTries: number; lockedUntil: Date | null; verifier: string | null }>;
  close(): Promise<void>;
};

export const startBankHarness = async (
  customers: SeedCustomer[],
  /** The bank's PIN verification keys (default: one random key). */
  options: { pvk?: Buffer; retiredPvks?: Buffer[] } = {},
): Promise<BankHarness> => {
  const database = await createTestDatabase([outboxMigrations, bankMigrations]);
  const db = database.db;
  const keys = createTestKeys([SWITCH, BANK, 'psp.zap']);
  const outbox = createOutbox({ sealer: createSealer(keys.own(BANK), keys.directory), prefix: 'test.' });
  const switchOpener = createOpener(keys.own(SWITCH), keys.directory);
  const pinHasher = createPinHasher({
    pvk: options.pvk ?? randomBytes(32),
    retiredPvks: options.retiredPvks,
  });
  let now = T0;
  const log = createLogger({ name: BANK, level: 'silent' });
  const sms: SentSms[] = [];
  const handlers = createHandlers({
    participant: BANK,
    outbox,
    readCreds: createCredsReader(keys.own(BANK)),
    pinHasher,
    sms: {
      send: async (message) => {
        sms.push(message);
      },
    },
    bankName: 'Lotus Bank',
    now: () => now,
    log,
  });
  await seedBank(db, {
    participant: BANK,
    ifscPrefix: 'LOTS',
    customers,
    pinHasher,
    demoPin: DEMO_PIN,
    now: T0,
  });

  const deliver = async (message: Message, messageId = newMessageId()): Promise<Delivered> => {
    // eslint's type view differs from tsc's here; tsc needs both assertions (as outbox's consumerRunner does).
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    const entry = handlers[message.type] as HandlerEntry<MessageType> | undefined;
    if (entry === undefined) throw new Error(`the bank has no handler for ${message.type}`);
    const committed: Array<() => void> = [];
    const context: MessageContext = {
      messageId,
      type: message.type,
      sender: SWITCH,
      correlationId: undefined,
      deliveryCount: 1,
      redelivered: false,
      afterCommit: (fn) => committed.push(fn),
    };
    await db.transaction(async (tx) => {
      committed.length = 0;
      const inbox = { consumer: entry.name, sender: SWITCH, messageId, messageType: message.type };
      if (await recordInbox(tx, inbox))
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        await entry.handle(tx, message as never, context);
    });
    for (const fn of committed) fn();
    const rows = (await db.pool.any(sql.unsafe`
      SELECT message_id, body FROM outbox WHERE causation_id = ${messageId} ORDER BY seq`)) as ReadonlyArray<{
      message_id: string;
      body: Buffer;
    }>;
    const replies = rows.map((row) => {
      const opened = switchOpener.open({ body: row.body, amqpMessageId: row.message_id, now: new Date() });
      if (!opened.ok)
        throw new Error(`reply does not open for the switch: ${opened.reason} ${opened.detail}`);
      return opened.opened.message;
    });
    return { replies, messageId };
  };

  const balance = async (where: ReturnType<typeof sql.fragment>): Promise<number> =>
    (await db.pool.oneFirst(sql.unsafe`SELECT balance_minor FROM accounts WHERE ${where}`)) as number;

  return {
    database,
    db,
    keys,
    pinHasher,
    handlers,
    sms,
    lastOtpTo(mobile) {
      const text = sms.findLast((message) => message.to === mobile)?.text;
      const code = /\b([0-9]{6})\b/.exec(text ?? '')?.[1];
      if (code === undefined) throw new Error(`no code was sent to ${mobile}`);
      return code;
    },
    now: () => now,
    setNow: (value) => {
      now = value;
    },
    deliver,
    async ask(message, type, messageId) {
      const { replies } = await deliver(message, messageId);
      if (replies.length !== 1 || replies[0].type !== type)
        throw new Error(`expected one ${type}, got ${replies.map((r) => r.type).join(', ')}`);
      return replies[0] as MessageOf<typeof type>;
    },
    sealPin: (payload) => sealCreds(payload, keys.directory.current(BANK)!),
    balanceOf: (acNum) => balance(sql.fragment`kind = 'CUSTOMER' AND ac_num = ${acNum}`),
    // Internal accounts keep no cached balance (bank/src/db/ledgerDb.ts): theirs is the sum of their entries.
    internalBalance: async (kind) =>
      (await db.pool.oneFirst(sql.unsafe`
      SELECT COALESCE(sum(e.amount_minor), 0)::int8 FROM entries e JOIN accounts a ON a.id = e.account_id
      WHERE a.kind = ${kind}`)) as number,
    async pinState(acNum) {
      const row = (await db.pool.one(sql.unsafe`
        SELECT pin_failed_tries, pin_locked_until, pin_verifier FROM accounts WHERE ac_num = ${acNum}`)) as {
        pin_failed_tries: number;
        pin_locked_until: Date | null;
        pin_verifier: string | null;
      };
      return {
        failedTries: row.pin_failed_tries,
        lockedUntil: row.pin_locked_until,
        verifier: row.pin_verifier,
      };
    },
    close: () => database.drop(),
  };
};

/** Message builders from the golden fixtures, with a fresh txn id and head.msgId = messageId. */
export const requests = (harness: Pick<BankHarness, 'sealPin'>) => {
  const headFor = (messageId: string) => ({
    ...fixture('upi.ReqPay.DEBIT.v1').head,
    msgId: messageId,
  });
  return {
    debit(o: {
      acNum: string;
      amountMinor: number;
      pin?: string;
      txnId?: string;
      credsFor?: { txnId: string; amountMinor: number };
      messageId?: string;
    }) {
      const message = fixture('upi.ReqPay.DEBIT.v1');
      const txnId = o.txnId ?? newTxnId('ZAP');
      message.head = headFor(o.messageId ?? newMessageId());
      message.txn.id = txnId;
      message.payer.ac = { acNum: o.acNum, ifsc: 'LOTS0000001' };
      message.amount.valueMinor = o.amountMinor;
      const bound = o.credsFor ?? { txnId, amountMinor: o.amountMinor };
      message.payer.creds.data = harness.sealPin({
        purpose: 'PAY',
        pin: o.pin ?? DEMO_PIN,
        ...bound,
        sealedAt: Date.now(),
      });
      return message;
    },
    credit(o: { acNum: string; amountMinor: number; txnId?: string }) {
      const message = fixture('upi.ReqPay.CREDIT.v1');
      message.head = headFor(newMessageId());
      message.txn.id = o.txnId ?? newTxnId('ZAP');
      message.payee.ac = { acNum: o.acNum, ifsc: 'LOTS0000001' };
      message.amount.valueMinor = o.amountMinor;
      return message;
    },
    reversal(o: { subType: 'DEBIT' | 'CREDIT'; orgTxnId: string; acNum: string; amountMinor: number }) {
      const message = fixture('upi.ReqPay.REVERSAL.v1');
      message.head = headFor(newMessageId());
      message.txn.id = o.orgTxnId;
      message.txn.orgTxnId = o.orgTxnId;
      message.txn.subType = o.subType;
      message.ac = { acNum: o.acNum, ifsc: 'LOTS0000001' };
      message.amount.valueMinor = o.amountMinor;
      return message;
    },
    /** The switch's resolution requests: does the credit stand? / auto-reverse the debit. */
    creditCheck(o: { orgTxnId: string; acNum: string; amountMinor: number }) {
      const message = fixture('upi.ReqChkTxn.CREDIT.v1');
      message.head = headFor(newMessageId());
      message.txn.id = o.orgTxnId;
      message.txn.orgTxnId = o.orgTxnId;
      message.ac = { acNum: o.acNum, ifsc: 'LOTS0000001' };
      message.amount.valueMinor = o.amountMinor;
      return message;
    },
    autoReversal(o: { orgTxnId: string; acNum: string; amountMinor: number }) {
      const message = fixture('upi.ReqAutoReversal.v1');
      message.head = headFor(newMessageId());
      message.txn.id = o.orgTxnId;
      message.txn.orgTxnId = o.orgTxnId;
      message.ac = { acNum: o.acNum, ifsc: 'LOTS0000001' };
      message.amount.valueMinor = o.amountMinor;
      return message;
    },
  };
};
