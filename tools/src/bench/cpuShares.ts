/**
 * CPU per payment and each component's share, from two readings of every process's utime + stime
 * (/proc/<pid>/stat, in clock ticks) taken around a steady window. Pure arithmetic: processCpu.ts reads
 * /proc.
 *
 * A process seen only at the end (a Postgres backend opened during the window) counts from zero; one gone
 * by the end counts nothing (its ticks are lost with it — rare: pools and brokers keep their processes).
 * A pid reused by another process (different start time) counts from zero too.
 */
export type ProcessTicks = { pid: number; startTime: number; ticks: number };

/** One reading: component name → its processes' ticks. */
export type CpuReading = Map<string, ProcessTicks[]>;

export type CpuShares = {
  /** CPU of all measured components in the window, ms. */
  totalMs: number;
  /** Per component: CPU ms in the window. */
  byComponentMs: Record<string, number>;
  /** Per component: share of totalMs (0..1, summing to 1). */
  share: Record<string, number>;
  /** totalMs / payments (null without payments). */
  msPerPayment: number | null;
};

/** CPU ticks of one component between two readings (see the module comment for new and gone processes). */
export const ticksBetween = (before: ProcessTicks[], after: ProcessTicks[]): number => {
  const earlier = new Map(before.map((p) => [p.pid, p]));
  let ticks = 0;
  for (const now of after) {
    const then = earlier.get(now.pid);
    ticks += then !== undefined && then.startTime === now.startTime ? now.ticks - then.ticks : now.ticks;
  }
  return ticks;
};

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * Shares of the components' CPU between `before` and `after`, plus extra components measured in ms
 * directly (e.g. the load generator's own process.cpuUsage()).
 * @param clockTicksPerSecond the kernel's USER_HZ (getconf CLK_TCK, 100 on Linux)
 */
export const cpuShares = (
  before: CpuReading,
  after: CpuReading,
  clockTicksPerSecond: number,
  payments: number,
  extraMs: Record<string, number> = {},
): CpuShares => {
  const byComponentMs: Record<string, number> = {};
  for (const [component, processes] of after) {
    byComponentMs[component] =
      (ticksBetween(before.get(component) ?? [], processes) * 1000) / clockTicksPerSecond;
  }
  for (const [component, ms] of Object.entries(extraMs))
    byComponentMs[component] = (byComponentMs[component] ?? 0) + ms;
  const totalMs = Object.values(byComponentMs).reduce((sum, ms) => sum + ms, 0);
  const share = Object.fromEntries(
    Object.entries(byComponentMs).map(([component, ms]) => [
      component,
      totalMs > 0 ? round3(ms / totalMs) : 0,
    ]),
  );
  return {
    totalMs: Math.round(totalMs),
    byComponentMs: Object.fromEntries(Object.entries(byComponentMs).map(([c, ms]) => [c, Math.round(ms)])),
    share,
    msPerPayment: payments > 0 ? Math.round((10 * totalMs) / payments) / 10 : null,
  };
};
