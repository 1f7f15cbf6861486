/**
 * The messaging metrics (docs/guarantees.md §12), registered once on the process registry and labelled by
 * participant (tests run several participants in one process). The two outbox gauges are computed at
 * scrape time from probes the relays register.
 */
import { Counter, Gauge, Histogram, metricsRegistry } from '@switchyard/infra';

const registers = [metricsRegistry];

export type OutboxProbe = () => Promise<{ pendingRows: number; oldestPendingAgeSeconds: number }>;
const probes = new Map<string, OutboxProbe>();

/** Registers the probe the outbox gauges read for `participant`; returns its unregister function. */
export const registerOutboxProbe = (participant: string, probe: OutboxProbe): (() => void) => {
  probes.set(participant, probe);
  return () => {
    if (probes.get(participant) === probe) probes.delete(participant);
  };
};

const probeAll = async (): Promise<
  Array<[string, { pendingRows: number; oldestPendingAgeSeconds: number }]>
> => {
  const results = await Promise.allSettled(
    [...probes].map(async ([participant, probe]) => [participant, await probe()] as const),
  );
  return results.flatMap((result) =>
    result.status === 'fulfilled' ? [[result.value[0], result.value[1]]] : [],
  );
};

export const messagingMetrics = {
  outboxPendingRows: new Gauge({
    name: 'outbox_pending_rows',
    help: 'Rows waiting in the outbox (every row is pending: confirmed rows are deleted)',
    labelNames: ['participant'] as const,
    registers,
    async collect() {
      this.reset();
      for (const [participant, probe] of await probeAll()) this.set({ participant }, probe.pendingRows);
    },
  }),
  outboxOldestPendingAgeSeconds: new Gauge({
    name: 'outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest outbox row: the key SLO of the relay',
    labelNames: ['participant'] as const,
    registers,
    async collect() {
      this.reset();
      for (const [participant, probe] of await probeAll())
        this.set({ participant }, probe.oldestPendingAgeSeconds);
    },
  }),
  outboxPublishTotal: new Counter({
    name: 'outbox_publish_total',
    help: 'Outbox rows published, by broker outcome',
    labelNames: ['participant', 'result'] as const,
    registers,
  }),
  outboxLagSeconds: new Histogram({
    name: 'outbox_lag_seconds',
    help: "From an outbox row's insert (its created_at) to the broker's confirm of its publish",
    labelNames: ['participant'] as const,
    buckets: [0.002, 0.005, 0.01, 0.02, 0.035, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  }),
  outboxBatchSize: new Histogram({
    name: 'outbox_batch_size',
    help: "Rows per relay batch: a claim (path=claim) or one commit's rows published from memory (path=commit)",
    labelNames: ['participant', 'path'] as const,
    buckets: [1, 5, 20, 50, 100, 200, 500],
    registers,
  }),
  outboxConfirmLatencySeconds: new Histogram({
    name: 'outbox_confirm_latency_seconds',
    help: 'From the first publish of a batch (claimed, or one commit published from memory) to the last confirm',
    labelNames: ['participant'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers,
  }),
  outboxResealedTotal: new Counter({
    name: 'outbox_resealed_total',
    help: 'Outbox rows sealed again before publishing because a key they used is retiring',
    labelNames: ['participant'] as const,
    registers,
  }),
  outboxParkedTotal: new Counter({
    name: 'outbox_parked_total',
    help: 'Outbox rows moved to outbox_parked after too many failed publishes',
    labelNames: ['participant'] as const,
    registers,
  }),
  relayBackoffSeconds: new Gauge({
    name: 'outbox_relay_backoff_seconds',
    help: 'The relay guard: how long the relay holds off after batches that published nothing (0: not holding)',
    labelNames: ['participant'] as const,
    registers,
  }),
  relayIsLeader: new Gauge({
    name: 'relay_is_leader',
    help: '1 while this process holds the relay leadership for the participant',
    labelNames: ['participant'] as const,
    registers,
  }),
  relayConnectionBlocked: new Gauge({
    name: 'relay_connection_blocked',
    help: '1 while the broker blocks publishing (memory/disk alarm)',
    labelNames: ['participant'] as const,
    registers,
  }),
  inboxDuplicatesTotal: new Counter({
    name: 'inbox_duplicates_total',
    help: 'Deliveries recognised as duplicates by the inbox',
    labelNames: ['participant', 'consumer'] as const,
    registers,
  }),
  consumerDeadLetteredTotal: new Counter({
    name: 'consumer_dead_lettered_total',
    help: 'Deliveries copied to the DLQ by the consumer runner, by reason',
    labelNames: ['participant', 'reason'] as const,
    registers,
  }),
  consumerRetriedTotal: new Counter({
    name: 'consumer_retried_total',
    help: 'Deliveries copied to a retry queue after a transient failure',
    labelNames: ['participant'] as const,
    registers,
  }),
  consumerHandleSeconds: new Histogram({
    name: 'consumer_handle_seconds',
    help: 'Time to handle one delivery (open, transaction, ack)',
    labelNames: ['participant', 'type'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  }),
  consumerBatchSize: new Histogram({
    name: 'consumer_batch_size',
    help: 'Deliveries committed together in one shared transaction (batches of two or more)',
    labelNames: ['participant'] as const,
    buckets: [2, 3, 4, 6, 8, 12, 16, 20, 32],
    registers,
  }),
  consumerBatchFallbacksTotal: new Counter({
    name: 'consumer_batch_fallbacks_total',
    help: 'Shared transactions that failed, whose deliveries were then handled one by one',
    labelNames: ['participant'] as const,
    registers,
  }),
  timeoutsFiredTotal: new Counter({
    name: 'timeouts_fired_total',
    help: 'Timeout messages emitted, by source',
    labelNames: ['participant', 'source'] as const,
    registers,
  }),
  inboxCleanupDeletedTotal: new Counter({
    name: 'inbox_cleanup_deleted_total',
    help: 'Inbox rows deleted past retention',
    labelNames: ['participant'] as const,
    registers,
  }),
};
