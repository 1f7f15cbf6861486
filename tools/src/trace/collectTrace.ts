/**
 * Reads one payment's records from every service — through the readers each one exports (the switch's
 * event log, the PSPs' payments, the banks' legs, every service's inbox/outbox/deadlines via
 * @switchyard/outbox) and the dead-letter queues through the broker — and assembles its trace. Reads the
 * databases, not the services' HTTP APIs: a trace must work while a service is down.
 */
import { createDb, databaseUrl, participantsOf, type Db, type Network } from '@switchyard/infra';
import { txnMessageRecords, type TxnMessageRecords } from '@switchyard/outbox';
import { legsOfTxn, type LegRecord } from '@switchyard/bank';
import { findPaymentSides, paymentView } from '@switchyard/psp';
import { findPayment, paymentEvents, type PaymentEvent } from '@switchyard/switch';
import { peekDeadLetters, type DeadLetter } from '../broker/peekDeadLetters.ts';
import { traceHops } from './traceHops.ts';
import type { Trace } from './traceTypes.ts';

/** Where a trace reads from: a pool per service database (opened on first use) and the broker. */
export type TraceSources = {
  network: Network;
  db(participant: string): Promise<Db>;
  deadLetters(): Promise<DeadLetter[]>;
  close(): Promise<void>;
};

const DEAD_LETTERS_PEEKED_MAX = 1_000;

export const createTraceSources = (o: {
  network: Network;
  postgresUrl: string;
  amqpUrl: string;
}): TraceSources => {
  const pools = new Map<string, Promise<Db>>();
  const entries = [o.network.switch, ...o.network.psps, ...o.network.banks];
  return {
    network: o.network,
    db(participant) {
      const entry = entries.find((e) => e.id === participant);
      if (!entry) throw new Error(`no participant ${participant}`);
      let pool = pools.get(participant);
      if (!pool) {
        pool = createDb(databaseUrl(o.postgresUrl, entry.database), { poolSizeMax: 2 });
        pools.set(participant, pool);
        pool.catch(() => pools.delete(participant)); // a later call tries again
      }
      return pool;
    },
    async deadLetters() {
      const peeked = await peekDeadLetters({
        amqpUrl: o.amqpUrl,
        prefix: o.network.prefix,
        participants: participantsOf(o.network),
        limitPerQueue: DEAD_LETTERS_PEEKED_MAX,
      });
      return peeked.messages;
    },
    async close() {
      const opened = await Promise.allSettled([...pools.values()]);
      pools.clear();
      for (const result of opened) if (result.status === 'fulfilled') await result.value.end();
    },
  };
};

const forEach = async <T>(ids: string[], read: (id: string) => Promise<T>): Promise<Map<string, T>> =>
  new Map(await Promise.all(ids.map(async (id) => [id, await read(id)] as const)));

/**
 * Everything every service knows of `txnId`, as hops in time order.
 * @throws the database or broker error of a source that cannot be read
 */
export const collectTrace = async (sources: TraceSources, txnId: string): Promise<Trace> => {
  const { network } = sources;
  const switchDb = await sources.db(network.switch.id);
  const stored = await findPayment(switchDb.pool, txnId);
  const events: PaymentEvent[] = await paymentEvents(switchDb.pool, txnId);
  const messaging = await forEach<TxnMessageRecords>(participantsOf(network), async (id) =>
    txnMessageRecords((await sources.db(id)).pool, txnId),
  );
  const bankLegs = await forEach<LegRecord[]>(
    network.banks.map((b) => b.id),
    async (id) => legsOfTxn((await sources.db(id)).pool, txnId),
  );
  const sides = await forEach(
    network.psps.map((p) => p.id),
    async (id) => (await findPaymentSides((await sources.db(id)).pool, txnId)).map(paymentView),
  );
  const deadLetters = (await sources.deadLetters()).filter((d) => d.correlationId === txnId);
  const viewOf = (role: 'PAYER' | 'PAYEE') => {
    for (const [psp, views] of sides) {
      const view = views.find((v) => v.role === role);
      if (view) return { ...view, psp };
    }
    return null;
  };
  const payerView = viewOf('PAYER');
  const payment = stored.state.status === 'NEW' ? undefined : stored.state;
  const hops = traceHops({
    switchId: network.switch.id,
    payment,
    events,
    messaging,
    bankLegs,
    deadLetters,
    acceptedAt: payerView?.createdAt,
  });
  const times = hops.map((h) => h.sentAt ?? h.receivedAt).filter((t): t is string => t !== null);
  const startedAt = times.length === 0 ? null : times.reduce((a, b) => (a < b ? a : b));
  const final = payment && 'final' in payment ? payment.final : undefined;
  return {
    txnId,
    switchStatus: payment?.status ?? null,
    finalStatus: final?.finalStatus ?? null,
    errCode: final?.errCode ?? null,
    startedAt,
    hops: hops.map((hop) => {
      const at = hop.sentAt ?? hop.receivedAt;
      return {
        ...hop,
        msSinceStart: at === null || startedAt === null ? null : Date.parse(at) - Date.parse(startedAt),
      };
    }),
    payerView,
    payeeView: viewOf('PAYEE'),
  };
};
