/**
 * Pure pieces of `make watch`: parse Prometheus text, and turn two scrapes of the switch's metrics into
 * one interval's figures — completions per second, the share that succeeded, TD/BD decline shares, the top
 * error codes and latency percentiles (from histogram bucket deltas, interpolated within a bucket).
 */
export type Sample = { name: string; labels: Record<string, string>; value: number };

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export const parsePrometheus = (text: string): Sample[] => {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) labels[key] = value!;
    const value = Number(match[3]);
    if (Number.isFinite(value) || match[3] === '+Inf') samples.push({ name: match[1], labels, value });
  }
  return samples;
};

export const sum = (
  samples: Sample[],
  name: string,
  where: (labels: Record<string, string>) => boolean = () => true,
): number =>
  samples.filter((s) => s.name === name && where(s.labels)).reduce((total, s) => total + s.value, 0);

/** Cumulative bucket counts by upper bound, summed over every other label. */
const buckets = (samples: Sample[], name: string): Map<number, number> => {
  const byBound = new Map<number, number>();
  for (const s of samples) {
    if (s.name !== `${name}_bucket`) continue;
    const bound = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
    byBound.set(bound, (byBound.get(bound) ?? 0) + s.value);
  }
  return byBound;
};

/** The q-quantile (0–1) of what a histogram observed between two scrapes, in the histogram's unit. */
export const quantileBetween = (
  before: Sample[],
  after: Sample[],
  name: string,
  q: number,
): number | undefined => {
  const a = buckets(after, name);
  const b = buckets(before, name);
  const bounds = [...a.keys()].sort((x, y) => x - y);
  const counts = bounds.map((bound) => (a.get(bound) ?? 0) - (b.get(bound) ?? 0));
  const total = counts.at(-1) ?? 0;
  if (total <= 0) return undefined;
  const rank = q * total;
  for (let i = 0; i < bounds.length; i += 1) {
    if (counts[i] >= rank) {
      const lower = i === 0 ? 0 : bounds[i - 1];
      const upper = bounds[i];
      if (!Number.isFinite(upper)) return lower;
      const below = i === 0 ? 0 : counts[i - 1];
      const inBucket = counts[i] - below;
      return inBucket === 0 ? upper : lower + ((upper - lower) * (rank - below)) / inBucket;
    }
  }
  return bounds.at(-2);
};

export type IntervalStats = {
  completedPerSecond: number;
  successShare: number | undefined;
  technicalShare: number | undefined;
  businessShare: number | undefined;
  topCodes: Array<[string, number]>;
  latencyMs: { p50?: number; p90?: number; p99?: number };
};

/** Figures for the interval between two scrapes of the switch, `seconds` apart. */
export const intervalStats = (before: Sample[], after: Sample[], seconds: number): IntervalStats => {
  const delta = (where: (l: Record<string, string>) => boolean) =>
    sum(after, 'payments_total', where) - sum(before, 'payments_total', where);
  const completed = delta(() => true);
  const share = (n: number) => (completed > 0 ? n / completed : undefined);
  const codes = new Map<string, number>();
  for (const s of after) {
    if (s.name !== 'payments_total' || s.labels.err_code === '00' || s.labels.err_code === undefined)
      continue;
    const previous =
      before.find(
        (p) =>
          p.name === s.name &&
          p.labels.err_code === s.labels.err_code &&
          p.labels.status === s.labels.status &&
          p.labels.class === s.labels.class,
      )?.value ?? 0;
    if (s.value - previous > 0)
      codes.set(s.labels.err_code, (codes.get(s.labels.err_code) ?? 0) + s.value - previous);
  }
  const ms = (q: number) => {
    const seconds = quantileBetween(before, after, 'payment_latency_seconds', q);
    return seconds === undefined ? undefined : Math.round(seconds * 1000);
  };
  return {
    completedPerSecond: completed / seconds,
    successShare: share(delta((l) => l.status === 'SUCCESS')),
    technicalShare: share(delta((l) => l.class === 'TD')),
    businessShare: share(delta((l) => l.class === 'BD')),
    topCodes: [...codes].sort((x, y) => y[1] - x[1]).slice(0, 5),
    latencyMs: { p50: ms(0.5), p90: ms(0.9), p99: ms(0.99) },
  };
};
