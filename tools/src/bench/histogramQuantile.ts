/**
 * Reads one histogram out of the services' Prometheus text (GET /metrics) and estimates a quantile of
 * what it observed between two scrapes: the cumulative bucket counts are differenced, then the quantile
 * is interpolated linearly inside its bucket, as Prometheus's histogram_quantile does. Series are summed,
 * over everything or per value of one label (e.g. the message `type`). Pure.
 */

/** Cumulative bucket counts by upper bound (`le`, Infinity for +Inf), plus the sum of observations. */
export type Histogram = { buckets: Map<number, number>; sum: number; count: number };

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})?\s+(\S+)/;

const labelValue = (labels: string, name: string): string | undefined =>
  new RegExp(`(?:^|,)${name}="([^"]*)"`).exec(labels)?.[1];

const emptyHistogram = (): Histogram => ({ buckets: new Map(), sum: 0, count: 0 });

/**
 * Histogram `name` in a Prometheus text exposition, its series summed per value of label `groupBy` (all
 * into the key '' without one).
 */
export const parseHistogram = (text: string, name: string, groupBy?: string): Map<string, Histogram> => {
  const groups = new Map<string, Histogram>();
  for (const line of text.split('\n')) {
    const match = SAMPLE.exec(line);
    if (match === null || !match[1].startsWith(name)) continue;
    const suffix = match[1].slice(name.length);
    if (suffix !== '_bucket' && suffix !== '_sum' && suffix !== '_count') continue;
    const labels = match[2] ?? '';
    const key = groupBy === undefined ? '' : (labelValue(labels, groupBy) ?? '');
    const histogram = groups.get(key) ?? emptyHistogram();
    groups.set(key, histogram);
    const value = Number(match[3]);
    if (suffix === '_sum') histogram.sum += value;
    else if (suffix === '_count') histogram.count += value;
    else {
      const le = labelValue(labels, 'le');
      if (le === undefined) continue;
      const bound = le === '+Inf' ? Infinity : Number(le);
      histogram.buckets.set(bound, (histogram.buckets.get(bound) ?? 0) + value);
    }
  }
  return groups;
};

/** Adds histograms (e.g. one per service), group by group. */
export const sumHistograms = (all: ReadonlyArray<Map<string, Histogram>>): Map<string, Histogram> => {
  const total = new Map<string, Histogram>();
  for (const groups of all) {
    for (const [key, histogram] of groups) {
      const into = total.get(key) ?? emptyHistogram();
      total.set(key, into);
      into.sum += histogram.sum;
      into.count += histogram.count;
      for (const [bound, count] of histogram.buckets)
        into.buckets.set(bound, (into.buckets.get(bound) ?? 0) + count);
    }
  }
  return total;
};

/** after − before, group by group (groups only in `after` count from zero). */
export const histogramsBetween = (
  before: Map<string, Histogram>,
  after: Map<string, Histogram>,
): Map<string, Histogram> =>
  new Map(
    [...after].map(([key, now]) => {
      const then = before.get(key) ?? emptyHistogram();
      return [
        key,
        {
          sum: now.sum - then.sum,
          count: now.count - then.count,
          buckets: new Map([...now.buckets].map(([bound, n]) => [bound, n - (then.buckets.get(bound) ?? 0)])),
        },
      ];
    }),
  );

/**
 * The q-quantile (0..1) of the observations in `histogram`; undefined without observations. Past the last
 * finite bound the answer is that bound (the histogram cannot say more).
 */
export const histogramQuantile = (histogram: Histogram, q: number): number | undefined => {
  const { buckets } = histogram;
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const total = bounds.length > 0 ? buckets.get(bounds.at(-1)!)! : 0;
  if (total <= 0) return undefined;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bound of bounds) {
    const count = buckets.get(bound)!;
    if (count >= rank) {
      if (bound === Infinity) return lowerBound;
      const inBucket = count - lowerCount;
      return inBucket <= 0 ? bound : lowerBound + ((bound - lowerBound) * (rank - lowerCount)) / inBucket;
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
};
