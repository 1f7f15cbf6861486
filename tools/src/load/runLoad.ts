/**
 * The k6 scenario (k6/payments.js) run by autocannon, for machines without k6: sends the pre-sealed
 * payment requests of a plan (prepareLoad.ts) to the PSP ingress at a constant overall rate, prints
 * autocannon's ingress figures (202 latency, throughput, non-2xx incl. 429), then waits for every payment
 * to finish and prints end-to-end figures (collectLoadReport.ts). Bounded in count and time.
 */
import autocannon from 'autocannon';
import { collectLoadReport, printLoadReport } from './collectLoadReport.ts';
import type { LoadPlan } from './prepareLoad.ts';

export type RunLoadOptions = {
  plan: LoadPlan;
  /** Payments per second over all PSPs. */
  rate: number;
  /** Connections over all PSPs (fewer when the rate does not divide among them). */
  connections: number;
  /** How long to wait for every payment to be final before reporting. */
  reportWaitSeconds?: number;
};

/**
 * autocannon gives each connection floor(overallRate / connections) requests per second: 23/s over 16
 * connections is 16/s. Use a connection count that divides the rate, so the offered rate is the asked one.
 */
const connectionsFor = (rateShare: number, wanted: number): number => {
  for (let c = Math.max(1, Math.min(wanted, rateShare)); c > 1; c -= 1) if (rateShare % c === 0) return c;
  return 1;
};

const runOne = (
  options: RunLoadOptions,
  pspUrl: string,
  payments: LoadPlan['payments'],
  share: number,
): Promise<autocannon.Result> => {
  let next = 0;
  const rateShare = Math.max(1, Math.round(options.rate * share));
  return autocannon({
    url: pspUrl,
    connections: connectionsFor(rateShare, Math.max(1, Math.round(options.connections * share))),
    overallRate: rateShare,
    amount: payments.length,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/v1/payments',
        setupRequest: (request) => {
          const p = payments[next++ % payments.length];
          return {
            ...request,
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${p.token}`,
              'x-device-id': p.deviceId,
              'idempotency-key': p.idempotencyKey,
            },
            body: JSON.stringify(p.body),
          };
        },
      },
    ],
  });
};

/** Sends the plan's payments, then reports; prints as it goes. */
export const runLoad = async (options: RunLoadOptions): Promise<void> => {
  const { plan } = options;
  const byPsp = new Map<string, LoadPlan['payments']>();
  for (const p of plan.payments) byPsp.set(p.pspUrl, [...(byPsp.get(p.pspUrl) ?? []), p]);
  console.log(`load: ${plan.payments.length} payments at ${options.rate}/s over ${byPsp.size} PSPs`);
  const results = await Promise.all(
    [...byPsp].map(([url, payments]) =>
      runOne(options, url, payments, payments.length / plan.payments.length),
    ),
  );
  for (const [i, result] of results.entries()) {
    const url = [...byPsp.keys()][i];
    console.log(
      `ingress ${url}: ${result.requests.total} requests, 2xx ${result['2xx']}, non-2xx ${result.non2xx}, errors ${result.errors}, ` +
        `timeouts ${result.timeouts}; latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.requests.average} req/s`,
    );
  }
  printLoadReport(await collectLoadReport(plan, options.reportWaitSeconds ?? 120));
};
