/**
 * Pure: the console's chart figures from the switch's /metrics scrapes. Rates and shares cover a short
 * trailing window (so the charts react within seconds), latency percentiles and declines by code the
 * trailing minute; each from the difference between the newest scrape and the one that window ago.
 */
import { intervalStats, quantileBetween, type Sample } from '../watch/liveStats.ts';
import type { Decline, SeriesPoint } from './liveTypes.ts';

export type Scrape = { at: number; samples: Sample[] };

export type Windows = { rateSeconds: number; latencySeconds: number };

/** The oldest scrape no older than `seconds` before the newest (the newest itself when alone). */
const scrapeAgo = (history: readonly Scrape[], seconds: number): Scrape => {
  const newest = history[history.length - 1];
  return history.find((s) => newest.at - s.at <= seconds * 1000) ?? newest;
};

const ms = (seconds: number | undefined): number | null =>
  seconds === undefined ? null : Math.round(seconds * 1000);

/** The chart point at the newest scrape; null until two scrapes span some time. */
export const seriesPoint = (history: readonly Scrape[], windows: Windows): SeriesPoint | null => {
  if (history.length < 2) return null;
  const newest = history[history.length - 1];
  const rateFrom = scrapeAgo(history, windows.rateSeconds);
  const latencyFrom = scrapeAgo(history, windows.latencySeconds);
  if (rateFrom === newest) return null;
  const stats = intervalStats(rateFrom.samples, newest.samples, (newest.at - rateFrom.at) / 1000);
  const quantile = (q: number) =>
    ms(quantileBetween(latencyFrom.samples, newest.samples, 'payment_latency_seconds', q));
  return {
    t: newest.at,
    perSecond: stats.completedPerSecond,
    success: stats.successShare ?? null,
    td: stats.technicalShare ?? null,
    bd: stats.businessShare ?? null,
    p50: quantile(0.5),
    p95: quantile(0.95),
    p99: quantile(0.99),
  };
};

const key = (labels: Record<string, string>): string => `${labels.status}|${labels.err_code}|${labels.class}`;

/** Payments that did not succeed over the latency window, by code (most first). */
export const declinesByCode = (history: readonly Scrape[], windows: Windows): Decline[] => {
  if (history.length === 0) return [];
  const newest = history[history.length - 1];
  const from = scrapeAgo(history, windows.latencySeconds);
  if (from === newest) return [];
  const before = new Map(
    from.samples.filter((s) => s.name === 'payments_total').map((s) => [key(s.labels), s.value]),
  );
  const byCode = new Map<string, Decline>();
  for (const s of newest.samples) {
    if (s.name !== 'payments_total' || s.labels.status === 'SUCCESS') continue;
    const count = s.value - (before.get(key(s.labels)) ?? 0);
    if (count <= 0) continue;
    const code = s.labels.err_code ?? '?';
    const known = byCode.get(code);
    if (known) known.count += count;
    else byCode.set(code, { code, declineClass: s.labels.class ?? '-', count });
  }
  return [...byCode.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
};

/** A counter went down: the switch restarted and its history no longer compares. */
export const restarted = (previous: Sample[], current: Sample[]): boolean => {
  const total = (samples: Sample[]) =>
    samples.filter((s) => s.name === 'payments_total').reduce((sum, s) => sum + s.value, 0);
  return total(current) < total(previous);
};
