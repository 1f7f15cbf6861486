/**
 * Finds the knee of a system under load: the highest offered rate (payments/s, whole numbers) whose step
 * passes (bench/stepSummary.ts: p99 under the target, nearly nothing refused or lost). It ramps up
 * geometrically from `startRate` until a step fails, then bisects between the last rate that passed and
 * the first that failed until they are `resolution` apart (relative, at least one payment/s). A start rate
 * that already fails is bisected down towards `minRate`.
 *
 * Pure: the caller's `probe` runs a step (or, in the unit tests, reads a synthetic latency curve), so the
 * search itself has no clock and no I/O.
 */
export type KneeProbe = (rate: number) => Promise<{ pass: boolean }>;

export type KneeSearchOptions = {
  startRate: number;
  /** Never offer more than this (the search reports it as the knee when every step up to it passed). */
  maxRate: number;
  /** The lowest rate worth trying; below it the knee is reported as 0. */
  minRate: number;
  /** Each ramp step multiplies the rate by this (> 1). */
  growth: number;
  /** Stop bisecting when the bracket is narrower than this fraction of the lower end (e.g. 0.1). */
  resolution: number;
};

type KneeTrial = { rate: number; pass: boolean };
export type KneeResult = {
  /** The highest rate that passed (0 when even minRate failed). */
  knee: number;
  /** The lowest rate that failed, when one did. */
  firstFailure: number | undefined;
  trials: KneeTrial[];
};

const narrowEnough = (low: number, high: number, resolution: number): boolean =>
  high - low <= Math.max(1, low * resolution);

/**
 * Runs the search, one probe at a time, in the order described above.
 * @throws whatever `probe` throws; Error for options that cannot bracket a knee.
 */
export const searchKnee = async (probe: KneeProbe, o: KneeSearchOptions): Promise<KneeResult> => {
  if (!(o.growth > 1) || o.minRate < 1 || o.startRate < o.minRate || o.maxRate < o.startRate)
    throw new Error('knee search needs 1 ≤ minRate ≤ startRate ≤ maxRate and growth > 1');
  const trials: KneeTrial[] = [];
  const tried = new Map<number, boolean>();
  const tryRate = async (rate: number): Promise<boolean> => {
    const known = tried.get(rate);
    if (known !== undefined) return known;
    const { pass } = await probe(rate);
    tried.set(rate, pass);
    trials.push({ rate, pass });
    return pass;
  };

  let low = 0; // highest rate known to pass (0: none yet)
  let high: number | undefined; // lowest rate known to fail
  let rate = Math.round(o.startRate);
  for (;;) {
    if (await tryRate(rate)) {
      low = rate;
      if (rate >= o.maxRate) break;
      rate = Math.min(o.maxRate, Math.max(rate + 1, Math.round(rate * o.growth)));
    } else {
      high = rate;
      break;
    }
  }
  if (high === undefined) return { knee: low, firstFailure: undefined, trials };

  // Bisect [low, high): low passed (or is 0), high failed.
  while (!narrowEnough(low, high, o.resolution)) {
    const mid = Math.round((Math.max(low, o.minRate) + high) / 2);
    if (mid <= low || mid >= high) break;
    if (await tryRate(mid)) low = mid;
    else high = mid;
  }
  if (low === 0 && high > o.minRate) {
    if (await tryRate(o.minRate)) low = o.minRate;
    else high = o.minRate;
  }
  return { knee: low, firstFailure: high, trials };
};
