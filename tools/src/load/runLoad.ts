/**
 * The k6 scenario (k6/payments.js) without k6: sends the pre-sealed payment requests of a plan
 * (prepareLoad.ts) to the PSP ingress at a constant arrival rate (sendAtConstantRate.ts), prints the
 * ingress figures (answers by status, 429s with Retry-After, answer time), then waits for every payment
 * to finish and prints end-to-end figures (collectLoadReport.ts). Bounded in count and time.
 */
import { collectLoadReport, printLoadReport } from './collectLoadReport.ts';
import type { LoadPlan } from './prepareLoad.ts';
import { sendAtConstantRate, type LoadRequest } from './sendAtConstantRate.ts';

export type RunLoadOptions = {
  plan: LoadPlan;
  /** Payments per second over all PSPs. */
  rate: number;
  /** Keep-alive connections at most, over all PSPs. */
  connections: number;
  /** How long to wait for every payment to be final before reporting. */
  reportWaitSeconds?: number;
};

/** A planned payment as the HTTP request the app would send. */
export const paymentRequestOf = (p: LoadPlan['payments'][number]): LoadRequest => ({
  url: `${p.pspUrl}/v1/payments`,
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    authorization: `Bearer ${p.token}`,
    'x-device-id': p.deviceId,
    'idempotency-key': p.idempotencyKey,
  },
  body: JSON.stringify(p.body),
});

/** Sends the plan's payments, then reports; prints as it goes. */
export const runLoad = async (options: RunLoadOptions): Promise<void> => {
  const { plan } = options;
  console.log(`load: ${plan.payments.length} payments at ${options.rate}/s`);
  const result = await sendAtConstantRate(plan.payments.map(paymentRequestOf), {
    ratePerS: options.rate,
    connectionsMax: options.connections,
    timeoutMs: 10_000,
  });
  const byStatus = Object.entries(result.statusCounts)
    .map(([status, n]) => `${status === '0' ? 'no answer' : status} ${n}`)
    .join(', ');
  console.log(
    `ingress: ${result.sent} requests in ${result.sendSeconds.toFixed(1)} s: ${byStatus} ` +
      `(429 with Retry-After ${result.rejected429WithRetryAfter}, timeouts ${result.timeouts}); ` +
      `answer p50 ${result.answerMs.p50} ms, p99 ${result.answerMs.p99} ms; sent late p99 ${result.lateMsP99} ms`,
  );
  printLoadReport(await collectLoadReport(plan, options.reportWaitSeconds ?? 120));
};
