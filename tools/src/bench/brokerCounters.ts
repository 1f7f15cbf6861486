/**
 * Messages the broker carried for the system under test: the management API's per-queue counters
 * (message_stats.publish = messages routed into the queue, deliver_get = deliveries) summed over the queues
 * whose names start with the system's prefix, so other networks on the same broker do not count. The
 * management plugin aggregates its counters every few seconds (collect_statistics_interval): settle()
 * reads until two readings agree.
 */
export type BrokerCounters = {
  published: number;
  delivered: number;
  byQueue: Record<string, { published: number; delivered: number }>;
};

type QueueRow = {
  name: string;
  message_stats?: { publish?: number; deliver_get?: number };
};

export type BrokerProbe = {
  read(): Promise<BrokerCounters>;
  /** Reads until the counters stop moving (bounded by `timeoutMs`), for a window's closing reading. */
  settle(timeoutMs?: number): Promise<BrokerCounters>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A probe of the queues named `${prefix}…`, authenticated with the management URL's user and password,
 * or else the AMQP URL's.
 */
export const brokerProbe = (managementUrl: string, amqpUrl: string, prefix: string): BrokerProbe => {
  const amqp = new URL(amqpUrl);
  const management = new URL(managementUrl);
  const from = management.username === '' ? amqp : management;
  const user = `${decodeURIComponent(from.username || 'guest')}:${decodeURIComponent(from.password || 'guest')}`;
  management.username = '';
  management.password = '';
  const vhost = encodeURIComponent(decodeURIComponent(amqp.pathname.slice(1)) || '/');
  const url = new URL(
    `/api/queues/${vhost}?columns=name,message_stats.publish,message_stats.deliver_get`,
    management,
  );
  const read = async (): Promise<BrokerCounters> => {
    const response = await fetch(url, {
      headers: { authorization: `Basic ${Buffer.from(user).toString('base64')}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`RabbitMQ management ${url.origin}: HTTP ${response.status}`);
    const counters: BrokerCounters = { published: 0, delivered: 0, byQueue: {} };
    for (const queue of (await response.json()) as QueueRow[]) {
      if (!queue.name.startsWith(prefix)) continue;
      const published = queue.message_stats?.publish ?? 0;
      const delivered = queue.message_stats?.deliver_get ?? 0;
      counters.published += published;
      counters.delivered += delivered;
      counters.byQueue[queue.name.slice(prefix.length)] = { published, delivered };
    }
    return counters;
  };
  return {
    read,
    async settle(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last = await read();
      for (;;) {
        await sleep(5_500); // longer than the default collect_statistics_interval (5 s)
        const next = await read();
        const same = next.published === last.published && next.delivered === last.delivered;
        last = next;
        if (same || Date.now() > deadline) return last;
      }
    },
  };
};

/** What happened between two readings, per queue and in total. */
export const brokerDelta = (before: BrokerCounters, after: BrokerCounters): BrokerCounters => {
  const byQueue: BrokerCounters['byQueue'] = {};
  for (const [queue, now] of Object.entries(after.byQueue)) {
    const then = before.byQueue[queue] ?? { published: 0, delivered: 0 };
    const delta = { published: now.published - then.published, delivered: now.delivered - then.delivered };
    if (delta.published !== 0 || delta.delivered !== 0) byQueue[queue] = delta;
  }
  return {
    published: after.published - before.published,
    delivered: after.delivered - before.delivered,
    byQueue,
  };
};
