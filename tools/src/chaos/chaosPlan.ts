/**
 * What the chaos run does and when (pure: the randomness is a parameter, so a seed replays a run): one
 * kill -9 of every service, a crash rule at a bank, a bank made silent for longer than its timers, a
 * RabbitMQ restart, a Postgres restart and a few poison messages, at random moments spread over the middle
 * of the load window; and the rules every service starts with (duplicates everywhere, a few technical
 * declines and late credits).
 */
import type { FaultRuleInput } from '@switchyard/outbox';

export type ChaosEvent =
  | { kind: 'kill'; participant: string; downMs: number }
  | { kind: 'crashRule'; participant: string; type: 'upi.ReqPay.DEBIT.v1' | 'upi.ReqPay.CREDIT.v1' }
  | { kind: 'silence'; participant: string; forMs: number }
  | { kind: 'restartRabbit'; downMs: number }
  | { kind: 'restartPostgres'; downMs: number }
  | { kind: 'poison'; participant: string };

export type TimedEvent = { atMs: number; event: ChaosEvent };

export type ChaosPlanOptions = {
  loadMs: number;
  services: string[];
  banks: string[];
  /** The longest leg timer of the switch: a silent bank stays silent for longer. */
  legTimeoutMs: number;
  brokerRestart: boolean;
  postgresRestart: boolean;
  poisonCount: number;
  random: () => number;
};

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)];

/** Events in time order, between 10 % and 75 % of the load window (the rest lets the network settle). */
export const chaosPlan = (o: ChaosPlanOptions): TimedEvent[] => {
  const events: ChaosEvent[] = [
    ...o.services.map((participant) => ({
      kind: 'kill' as const,
      participant,
      downMs: 500 + Math.round(o.random() * 2_000),
    })),
    {
      kind: 'crashRule',
      participant: pick(o.banks, o.random),
      type: o.random() < 0.5 ? 'upi.ReqPay.DEBIT.v1' : 'upi.ReqPay.CREDIT.v1',
    },
    { kind: 'silence', participant: pick(o.banks, o.random), forMs: Math.round(o.legTimeoutMs * 2.5) },
    ...Array.from({ length: o.poisonCount }, () => ({
      kind: 'poison' as const,
      participant: pick(o.services, o.random),
    })),
  ];
  if (o.brokerRestart) events.push({ kind: 'restartRabbit', downMs: 1_000 });
  if (o.postgresRestart) events.push({ kind: 'restartPostgres', downMs: 1_000 });
  return events
    .map((event) => ({ atMs: Math.round(o.loadMs * (0.1 + o.random() * 0.65)), event }))
    .sort((a, b) => a.atMs - b.atMs);
};

/** The rules every service of the chaos network starts with (SY_FAULTS; they survive every restart). */
export const chaosRules = (legTimeoutMs: number): FaultRuleInput[] => [
  { type: '*', action: 'duplicate', fraction: 0.1, note: 'chaos: a tenth of every message delivered twice' },
  { type: 'upi.ReqPay.DEBIT.v1', action: 'respond', code: 'XY', fraction: 0.02, note: 'chaos: CBS offline' },
  { type: 'upi.ReqPay.CREDIT.v1', action: 'respond', code: 'Y1', fraction: 0.02, note: 'chaos: CBS offline' },
  {
    type: 'upi.ReqPay.CREDIT.v1',
    action: 'delay',
    delayMs: 0,
    delayMsMax: Math.round(legTimeoutMs * 1.5),
    fraction: 0.03,
    note: 'chaos: slow credits, some past their timer',
  },
];

/** A small seeded generator (mulberry32), so `--seed` replays the same plan and the same load. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};
