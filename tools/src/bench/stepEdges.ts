/**
 * The two edges of a measured step's window (measureStep.ts): what is read when it opens and when it
 * closes. Opening: counters settled first, CPU read last, just before the first request. Closing: CPU read
 * first, right as the window closes, then statements, then the counters that settle (the broker's
 * management statistics; pg_stat_database, whose idle backends report within PGSTAT_IDLE_INTERVAL).
 */
import type { BenchTarget } from './benchTarget.ts';
import type { BrokerCounters } from './brokerCounters.ts';
import type { CpuReading } from './cpuShares.ts';
import type { Probes, StepOptions } from './measureStep.ts';
import type { PgCounters, PgProbe } from './pgCounters.ts';
import { machineBusyTicks, pidsByCommand, readCpu } from './processCpu.ts';

/** Longer than Postgres's PGSTAT_IDLE_INTERVAL (10 s): every idle backend has reported its counts. */
export const PG_STATS_SETTLE_MS = 11_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const scrapeAll = (urls: readonly string[]): Promise<string[]> =>
  Promise.all(urls.map(async (url) => (await fetch(url, { signal: AbortSignal.timeout(10_000) })).text()));

const components = async (target: BenchTarget, pg: PgProbe): Promise<Map<string, number[]>> =>
  new Map([['rabbitmq', pidsByCommand('beam.smp')], ['postgres', await pg.pids()], ...target.processes()]);

/** Everything read at one edge of the window. */
export type Edge = {
  cpu: CpuReading;
  machineTicks: number;
  pg: PgCounters;
  metrics: string[];
  broker?: BrokerCounters;
  /** Closing edge, full steps: commits of one idle stretch as long as the settle (taken off). */
  xactTail?: number;
};

/** The opening edge: counters settled first, CPU read last, just before the first request. */
export const openEdge = async (target: BenchTarget, probes: Probes, o: StepOptions): Promise<Edge> => {
  // Scraped first: a scrape runs queries in the services (their gauges), which must not count.
  const metrics = o.full ? await scrapeAll(target.metricsUrls) : [];
  const [broker] = o.full
    ? await Promise.all([probes.broker.settle(), sleep(o.transactions ? PG_STATS_SETTLE_MS : 0)])
    : [undefined];
  await probes.pg.reset();
  const pg = await probes.pg.read();
  const pids = await components(target, probes.pg);
  return { pg, metrics, broker, cpu: readCpu(pids), machineTicks: machineBusyTicks() };
};

/**
 * The closing edge: CPU read first, right as the window closes, then statements (counted at once), then
 * the counters that settle. pg_stat_database is read twice more, PG_STATS_SETTLE_MS apart: the first
 * reading holds the window plus an idle tail, the second one more idle stretch of the same length, which
 * is taken off (xactTail).
 */
export const closeEdge = async (target: BenchTarget, probes: Probes, o: StepOptions): Promise<Edge> => {
  const cpu = readCpu(await components(target, probes.pg));
  const machineTicks = machineBusyTicks();
  const pg = await probes.pg.read(o.full ? 40 : 0);
  if (!o.full) return { cpu, machineTicks, pg, metrics: [] };
  const metrics = await scrapeAll(target.metricsUrls);
  if (!o.transactions) return { cpu, machineTicks, pg, metrics, broker: await probes.broker.settle() };
  const [broker] = await Promise.all([probes.broker.settle(), sleep(PG_STATS_SETTLE_MS)]);
  const settled = await probes.pg.read();
  await sleep(PG_STATS_SETTLE_MS);
  const idle = await probes.pg.read();
  return {
    cpu,
    machineTicks,
    pg: { ...pg, xactCommits: settled.xactCommits, rollbacks: settled.rollbacks },
    metrics,
    broker,
    xactTail: idle.xactCommits - settled.xactCommits,
  };
};
