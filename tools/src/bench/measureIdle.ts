/**
 * What a system costs doing nothing: CPU per component and Postgres statements per second over a window
 * without load (its timers, pollers, relays and the broker's own ticks). At a low rate this idle cost is
 * most of the CPU per payment, so the report shows it beside the per-payment figures.
 */
import type { BenchTarget } from './benchTarget.ts';
import { cpuShares } from './cpuShares.ts';
import type { Probes } from './measureStep.ts';
import { pidsByCommand, readCpu } from './processCpu.ts';

export type IdleCost = {
  seconds: number;
  /** CPU per component, ms per second of wall clock. */
  cpuMsPerS: Record<string, number>;
  totalCpuMsPerS: number;
  pgStatementsPerS: number;
};

const round1 = (value: number): number => Math.round(value * 10) / 10;

/**
 * Measures `seconds` of idleness (after the previous step has drained).
 * @throws whatever the probes throw
 */
export const measureIdle = async (
  target: BenchTarget,
  probes: Probes,
  seconds: number,
): Promise<IdleCost> => {
  const components = async () =>
    new Map([
      ['rabbitmq', pidsByCommand('beam.smp')],
      ['postgres', await probes.pg.pids()],
      ...target.processes(),
    ]);
  await probes.pg.reset();
  const before = readCpu(await components());
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const after = readCpu(await components());
  const elapsed = (performance.now() - started) / 1000;
  const statements = (await probes.pg.read()).statements;
  const cpu = cpuShares(before, after, probes.clockTicksPerSecond, 0);
  return {
    seconds: round1(elapsed),
    cpuMsPerS: Object.fromEntries(
      Object.entries(cpu.byComponentMs).map(([c, ms]) => [c, round1(ms / elapsed)]),
    ),
    totalCpuMsPerS: round1(cpu.totalMs / elapsed),
    pgStatementsPerS: round1(statements / elapsed),
  };
};
