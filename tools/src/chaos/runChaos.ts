/**
 * The chaos run (`make chaos`, docs/failures.md): an isolated network with short timers and failure rules,
 * steady load for `minutes`, the plan's events at random moments (kill -9 of every service, a crash rule,
 * a silent bank, RabbitMQ and Postgres restarts, poison), then quiescence and the checks. Loopback only;
 * bounded in time: the load window, then at most `settleMs` to settle.
 */
import { onboard, type Onboarded } from '../demo/onboard.ts';
import { startIsolatedNetwork } from '../network/isolatedNetwork.ts';
import { runChaosChecks, waitForQuiescence, type Verdict } from './chaosChecks.ts';
import { CHAOS_PIN, chaosCustomers } from './chaosCustomers.ts';
import { createChaosActor } from './chaosEvents.ts';
import { runChaosLoad } from './chaosLoad.ts';
import { chaosPlan, chaosRules, seededRandom } from './chaosPlan.ts';

export type ChaosOptions = {
  postgresUrl: string;
  amqpUrl: string;
  /** RabbitMQ's management API: the network's least-privilege broker users are made and deleted there. */
  managementUrl: string;
  /** The load window. */
  minutes: number;
  /** The longest wait for the network to settle once the load stops (a bound). */
  settleMs?: number;
  brokerRestart?: boolean;
  postgresRestart?: boolean;
  seed?: number;
  concurrency?: number;
  poisonCount?: number;
  keepFiles?: boolean;
  print?: (line: string) => void;
};

export type ChaosReport = {
  ok: boolean;
  payments: number;
  refused: number;
  /** Why requests were refused, most frequent first (a PSP down, admission control…). */
  refusedBecause: Array<[string, number]>;
  byStatus: Record<string, number>;
  events: string[];
  fired: Record<string, number>;
  verdicts: Verdict[];
};

const LEG_TIMEOUT_MS = 3_000;
const TIMERS = {
  SY_AUTH_TIMEOUT_MS: String(LEG_TIMEOUT_MS),
  SY_DEBIT_TIMEOUT_MS: String(LEG_TIMEOUT_MS),
  SY_CREDIT_TIMEOUT_MS: String(LEG_TIMEOUT_MS),
  SY_DEBIT_REVERSAL_TIMEOUT_MS: '2000',
  SY_CREDIT_REVERSAL_TIMEOUT_MS: '2000',
  SY_SWEEPER_INTERVAL_MS: '200',
  SY_UPSTREAM_TIMEOUT_MS: '10000',
  // Small pools: the Postgres server is shared, and every pool reconnects at once after its restart.
  SY_DB_POOL_SIZE_MAX: '4',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** @throws when the network cannot be started; every failure after that is a verdict */
export const runChaos = async (o: ChaosOptions): Promise<ChaosReport> => {
  const print = o.print ?? ((line: string) => console.log(line));
  const seed = o.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = seededRandom(seed);
  const loadMs = Math.round(o.minutes * 60_000);
  print(
    `chaos: seed ${seed}, load for ${(loadMs / 1000).toFixed(0)} s, then at most ${((o.settleMs ?? 180_000) / 1000).toFixed(0)} s to settle`,
  );
  const net = await startIsolatedNetwork({
    postgresUrl: o.postgresUrl,
    amqpUrl: o.amqpUrl,
    managementUrl: o.managementUrl,
    keepFiles: o.keepFiles,
    customers: chaosCustomers(),
    env: { ...TIMERS, SY_FAULTS: JSON.stringify(chaosRules(LEG_TIMEOUT_MS)) },
  });
  const actor = createChaosActor(net, o);
  try {
    const customers: Onboarded[] = [];
    for (const customer of net.customers)
      customers.push(
        await onboard(net.clients.get(customer.psp)!, customer, { phones: net.phones, pin: CHAOS_PIN }),
      );
    const services = net.launched.services.map((s) => s.id);
    const plan = chaosPlan({
      loadMs,
      services,
      banks: net.network.banks.map((b) => b.id),
      legTimeoutMs: LEG_TIMEOUT_MS,
      brokerRestart: o.brokerRestart ?? true,
      postgresRestart: o.postgresRestart ?? true,
      poisonCount: o.poisonCount ?? 3,
      random,
    });
    const started = Date.now();
    const events: string[] = [];
    const failures: string[] = [];
    const since = (at: number) => `${((at - started) / 1000).toFixed(1)} s`;
    // Each event at its own moment (a slow restart does not push the others back), all under load.
    const executing = Promise.all(
      plan.map(async ({ atMs, event }) => {
        await sleep(Math.max(0, started + atMs - Date.now()));
        const begun = Date.now();
        const line = await actor.run(event).catch((error: unknown) => {
          failures.push(`${event.kind}: ${(error as Error).message}`);
          return `${event.kind} FAILED: ${(error as Error).message}`;
        });
        events.push(`${since(begun)}–${since(Date.now())} ${line}`);
        print(`  ${events.at(-1)}`);
      }),
    );
    const tallying = (async () => {
      while (Date.now() < started + loadMs) {
        await sleep(5_000);
        await actor.tally();
      }
    })();
    let eventsDone = false;
    void executing.finally(() => (eventsDone = true));
    const load = await runChaosLoad({
      customers,
      pin: CHAOS_PIN,
      // The load lasts its window, and longer if an event is still running: faults happen under load.
      until: () => Date.now() >= started + loadMs && eventsDone,
      concurrency: o.concurrency ?? 4,
      pauseMs: 50,
      random,
    });
    await Promise.all([executing, tallying]);
    await actor.tally();
    print(
      `chaos: load stopped: ${load.accepted.length} payments accepted, ${load.refused} requests refused; settling…`,
    );
    const urls = {
      network: net.network,
      amqpUrl: o.amqpUrl,
      databaseUrlOf: (id: string) => net.databaseUrlOf(id),
    };
    const settledMs = await waitForQuiescence(urls, o.settleMs ?? 180_000);
    await actor.tally();
    const checks = await runChaosChecks({ ...urls, accepted: load.accepted, poison: actor.poison });
    const verdicts: Verdict[] = [
      {
        name: 'the network settled',
        ok: settledMs !== undefined,
        figure: settledMs === undefined ? 'NOT within the bound' : `in ${(settledMs / 1000).toFixed(1)} s`,
      },
      {
        name: 'every chaos event ran',
        ok: failures.length === 0,
        figure: `${plan.length - failures.length} of ${plan.length}${failures.length ? `: ${failures.join('; ')}` : ''}; services restarted after dying on their own: ${actor.unexpectedRestarts.join(', ') || 'none'}`,
      },
      ...checks.verdicts,
    ];
    return {
      ok: verdicts.every((v) => v.ok),
      payments: load.accepted.length,
      refused: load.refused,
      refusedBecause: [...load.errors].sort((a, b) => b[1] - a[1]),
      byStatus: checks.invariants.byStatus,
      events,
      fired: Object.fromEntries(actor.fired),
      verdicts,
    };
  } finally {
    await actor.stop();
    await net.stop();
  }
};

/** The report as the lines `make chaos` prints. */
export const chaosLines = (report: ChaosReport): string[] => [
  `payments: ${report.payments} accepted (${Object.entries(report.byStatus)
    .map(([s, n]) => `${s} ${n}`)
    .join(', ')}), ${report.refused} requests refused${
    report.refusedBecause.length
      ? ` (${report.refusedBecause
          .slice(0, 3)
          .map(([why, n]) => `${n}× ${why}`)
          .join('; ')})`
      : ''
  }`,
  `faults injected: ${
    Object.entries(report.fired)
      .map(([a, n]) => `${a} ${n}`)
      .join(', ') || 'none'
  }; events: ${report.events.length}`,
  ...report.verdicts.map((v) => `${v.ok ? 'ok  ' : 'FAIL'} ${v.name}: ${v.figure}`),
  report.ok ? 'chaos: every invariant held' : 'chaos: BREACHED',
];
