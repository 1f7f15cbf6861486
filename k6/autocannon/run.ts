/**
 * The k6 scenario (k6/payments.js) run by autocannon, for machines without k6: prepares a plan (unless
 * --plan is given), sends the pre-sealed payment requests to the PSP ingress at a constant overall rate,
 * prints autocannon's ingress figures (202 latency, throughput, non-2xx incl. 429), then waits for every
 * payment to finish and prints end-to-end figures (k6/report.ts). Bounded in count and time. The default
 * 25/s is about 75% of what a 2-core box completes (about 33/s): a steady state, not a saturation test.
 *   node k6/autocannon/run.ts [--rate 25] [--duration 20] [--connections 32]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { localSettings, REPO_ROOT } from '../../infra/src/launcher/settings.ts';
import type { LoadPlan } from '../prepare.ts';
import { collectReport, printReport } from '../report.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '25' },
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '32' },
    plan: { type: 'string' },
  },
});
const rate = Number(values.rate);
const durationSeconds = Number(values.duration);
const planFile = values.plan ?? join(localSettings().runDir, 'load/plan.json');
if (!values.plan) {
  execFileSync(
    process.execPath,
    [join(REPO_ROOT, 'k6/prepare.ts'), '--payments', String(Math.ceil(rate * durationSeconds))],
    { stdio: 'inherit' },
  );
}
const plan = JSON.parse(readFileSync(planFile, 'utf8')) as LoadPlan;

const byPsp = new Map<string, LoadPlan['payments']>();
for (const p of plan.payments) byPsp.set(p.pspUrl, [...(byPsp.get(p.pspUrl) ?? []), p]);

/**
 * autocannon gives each connection floor(overallRate / connections) requests per second: 23/s over 16
 * connections is 16/s. Use a connection count that divides the rate, so the offered rate is the asked one.
 */
const connectionsFor = (rateShare: number, wanted: number): number => {
  for (let c = Math.max(1, Math.min(wanted, rateShare)); c > 1; c -= 1) if (rateShare % c === 0) return c;
  return 1;
};

const runOne = (
  pspUrl: string,
  payments: LoadPlan['payments'],
  share: number,
): Promise<autocannon.Result> => {
  let next = 0;
  const rateShare = Math.max(1, Math.round(rate * share));
  return autocannon({
    url: pspUrl,
    connections: connectionsFor(rateShare, Math.max(1, Math.round(Number(values.connections) * share))),
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

console.log(`load: ${plan.payments.length} payments at ${rate}/s over ${byPsp.size} PSPs`);
const results = await Promise.all(
  [...byPsp].map(([url, payments]) => runOne(url, payments, payments.length / plan.payments.length)),
);
for (const [i, result] of results.entries()) {
  const url = [...byPsp.keys()][i];
  console.log(
    `ingress ${url}: ${result.requests.total} requests, 2xx ${result['2xx']}, non-2xx ${result.non2xx}, errors ${result.errors}, ` +
      `timeouts ${result.timeouts}; latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.requests.average} req/s`,
  );
}
printReport(await collectReport(plan, 120));
