/**
 * The console's view of the network, refreshed every interval: the switch's /metrics (rates, shares,
 * latency, declines), every service's /health and /metrics (outbox backlog, dead letters, duplicates), the
 * queue depths from RabbitMQ, the switch's payment feed and breakers, every service's failure-injection
 * rules. One tick at a time (the next starts when the last ended); subscribers get every snapshot.
 */
import { messageTypes } from '@switchyard/contracts';
import { participantsOf, type Network } from '@switchyard/infra';
import { servicesOf, type ServiceSpec } from '../network/launchNetwork.ts';
import type { OperatorKeys } from '../network/secrets.ts';
import { sum, type Sample } from '../watch/liveStats.ts';
import { declinesByCode, restarted, seriesPoint, type Scrape, type Windows } from './liveFigures.ts';
import type {
  FeedPayment,
  Hello,
  LiveMessage,
  SeriesPoint,
  ServiceFaults,
  ServiceRow,
  Snapshot,
} from './liveTypes.ts';
import type { QueueDepths } from './queueDepths.ts';
import { breakersOf, call, faultRulesOf, healthOf, scrapeMetrics } from './serviceApis.ts';

export type LiveFeedOptions = {
  network: Network;
  urlOf: (participant: string) => string;
  operatorKeys: OperatorKeys;
  queueDepths: QueueDepths;
  intervalMs: number;
  windows: Windows;
  /** Chart points kept (and sent to a new page). */
  pointsMax: number;
  feedSize: number;
};

export type LiveFeed = {
  hello(): Hello;
  latest(): Snapshot | undefined;
  subscribe(listener: (message: LiveMessage) => void): () => void;
  /** Reads everything now (tests and the first page load need not wait for the timer). */
  refresh(): Promise<Snapshot>;
  stop(): void;
};

const gauge = (samples: Sample[] | undefined, name: string): number | null =>
  samples === undefined ? null : sum(samples, name);

const readFaults = async (o: LiveFeedOptions, participant: string): Promise<ServiceFaults> => {
  const answer = await call(`${o.urlOf(participant)}/v1/faults`, {
    operatorKey: o.operatorKeys(participant),
  });
  if (answer.status === 200)
    return { participant, available: true, rules: faultRulesOf(answer.body), error: null };
  const error =
    answer.status === 404 ? 'not available' : answer.status === 0 ? 'not answering' : `HTTP ${answer.status}`;
  return { participant, available: false, rules: [], error };
};

const readFeed = async (o: LiveFeedOptions, problems: string[]): Promise<FeedPayment[]> => {
  const switchId = o.network.switch.id;
  const answer = await call(`${o.urlOf(switchId)}/v1/payments?limit=${o.feedSize}`, {
    operatorKey: o.operatorKeys(switchId),
  });
  if (answer.status !== 200) {
    problems.push(`payment feed: ${answer.status === 0 ? 'switch not answering' : `HTTP ${answer.status}`}`);
    return [];
  }
  return (answer.body as { payments: FeedPayment[] }).payments;
};

const serviceRows = (
  services: ServiceSpec[],
  scrapes: Array<Sample[] | undefined>,
  healths: Array<ServiceRow['health']>,
  depths: Map<string, { work: number; dlq: number }>,
): ServiceRow[] =>
  services.map((s, i) => ({
    id: s.id,
    role: s.role,
    health: healths[i],
    outboxPending: gauge(scrapes[i], 'outbox_pending_rows'),
    outboxOldestSeconds: gauge(scrapes[i], 'outbox_oldest_pending_age_seconds'),
    queueDepth: depths.get(s.id)?.work ?? null,
    dlqDepth: depths.get(s.id)?.dlq ?? null,
    deadLettered: gauge(scrapes[i], 'consumer_dead_lettered_total'),
    duplicatesAbsorbed: gauge(scrapes[i], 'inbox_duplicates_total'),
  }));

/** Payments completed since the switch started, by final status. */
const completedOf = (samples: Sample[]): Record<string, number> => {
  const completed: Record<string, number> = {};
  for (const s of samples)
    if (s.name === 'payments_total') completed[s.labels.status] = (completed[s.labels.status] ?? 0) + s.value;
  return completed;
};

export const createLiveFeed = (o: LiveFeedOptions): LiveFeed => {
  const services = servicesOf(o.network);
  const participants = participantsOf(o.network);
  const switchId = o.network.switch.id;
  const history: Scrape[] = [];
  const series: SeriesPoint[] = [];
  const listeners = new Set<(message: LiveMessage) => void>();
  let latest: Snapshot | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  /** Keeps the switch's scrapes of the latency window (a restarted switch starts a new history). */
  const remember = (at: number, samples: Sample[]): void => {
    const previous = history[history.length - 1];
    if (previous && restarted(previous.samples, samples)) history.length = 0;
    history.push({ at, samples });
    while (at - history[0].at > (o.windows.latencySeconds + 5) * 1000) history.shift();
  };

  const tick = async (): Promise<Snapshot> => {
    const problems: string[] = [];
    const at = Date.now();
    const [scrapes, healths, depths, payments, breakersAnswer, faults] = await Promise.all([
      Promise.all(services.map((s) => scrapeMetrics(o.urlOf(s.id)))),
      Promise.all(services.map((s) => healthOf(o.urlOf(s.id)))),
      o.queueDepths.read(o.network.prefix, participants),
      readFeed(o, problems),
      call(`${o.urlOf(switchId)}/v1/breakers`, { operatorKey: o.operatorKeys(switchId) }),
      Promise.all(participants.map((p) => readFaults(o, p))),
    ]);
    const switchSamples = scrapes[services.findIndex((s) => s.id === switchId)];
    if (switchSamples) remember(at, switchSamples);
    else problems.push('switch /metrics not answering');
    if (depths.size === 0) problems.push('RabbitMQ queue depths not available');
    const point = switchSamples ? seriesPoint(history, o.windows) : null;
    if (point) {
      series.push(point);
      if (series.length > o.pointsMax) series.shift();
    }
    const rows = serviceRows(services, scrapes, healths, depths);
    const breakersAvailable = breakersAnswer.status === 200;
    const breakers = breakersAvailable ? breakersOf(breakersAnswer.body) : new Map();
    return {
      at,
      prefix: o.network.prefix,
      participants,
      point,
      completed: completedOf(switchSamples ?? []),
      declines: switchSamples ? declinesByCode(history, o.windows) : [],
      services: rows,
      banks: o.network.banks.map((bank) => ({
        id: bank.id,
        name: bank.name,
        health: rows.find((r) => r.id === bank.id)?.health ?? 'down',
        breaker: breakers.get(bank.id) ?? null,
      })),
      breakersAvailable,
      payments,
      faults,
      problems,
    };
  };

  const publish = (snapshot: Snapshot): void => {
    latest = snapshot;
    for (const listener of listeners) listener({ kind: 'tick', snapshot });
  };

  const loop = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      void tick()
        .then(publish)
        .catch(() => undefined)
        .finally(loop);
    }, o.intervalMs);
  };
  loop();

  return {
    hello: () => ({
      kind: 'hello',
      series: [...series],
      snapshot: latest!,
      windows: o.windows,
      messageTypes: messageTypes.filter((type) => type.startsWith('upi.')),
    }),
    latest: () => latest,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async refresh() {
      const snapshot = await tick();
      publish(snapshot);
      return snapshot;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
};
