/**
 * Measures the PSP ingress alone: POST /v1/payments → 202 on a real socket and a fresh database, no
 * relay (the outbox rows stay). Usage: node tools/src/cli/benchIngress.ts [requests=1000] [concurrency=8]
 * Prints throughput and latency percentiles. Creds blocks are sealed before the clock starts.
 */
import type { AddressInfo } from 'node:net';
import { Command } from 'commander';
import { newTxnId, sealCreds } from '@switchyard/contracts';
import { registerUser, startPspTestApp, upsertDiscoveredAccounts } from '@switchyard/psp/testing';
import { numberArgument } from '../commandLine/numberArgument.ts';

const program = new Command('benchIngress')
  .description(
    'The PSP ingress alone (POST /v1/payments → 202) on a real socket, a fresh test database and no relay; ' +
      'prints throughput and latency percentiles as JSON. Postgres from SY_TEST_POSTGRES_URL (local default).',
  )
  .argument('[requests]', 'payments to send', numberArgument({ min: 1, integer: true }), 1_000)
  .argument('[concurrency]', 'requests in flight', numberArgument({ min: 1, integer: true }), 8)
  .parse();
const [requests, concurrency] = program.processedArgs as [number, number];
const psp = await startPspTestApp({
  limits: { paymentsInFlightMax: requests + 1, paymentsInFlightPerUserMax: requests + 1 },
});
try {
  await psp.app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(psp.app.server.address() as AddressInfo).port}`;
  const registered = await registerUser(psp, 'Bench', 'bench', '9700000001');
  await upsertDiscoveredAccounts(psp.db.pool, registered.userId, [
    { acNum: '100000000001', ifsc: 'LOTS0000001', name: 'Bench', acType: 'SAVINGS', pinSet: true },
  ]);
  const headers = {
    authorization: `Bearer ${registered.token}`,
    'x-device-id': 'bench',
    'content-type': 'application/json',
  };
  await fetch(`${base}/v1/vpas`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ username: 'bench', acNum: '100000000001', ifsc: 'LOTS0000001' }),
  });
  const bankKey = psp.keys.directory.current('bank.lotus')!;
  const bodies = Array.from({ length: requests }, () => {
    const txnId = newTxnId('ZAP');
    const data = sealCreds(
      { purpose: 'PAY', pin: '1234', txnId, amountMinor: 100, sealedAt: Date.now() },
      bankKey,
    );
    return JSON.stringify({
      txnId,
      payerVpa: 'bench@zap',
      payeeVpa: 'vikram@kite',
      amount: '1.00',
      creds: { type: 'PIN', data },
    });
  });
  const latencies: number[] = [];
  let next = 0;
  const statuses = new Map<number, number>();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const index = next++;
        const t0 = performance.now();
        const response = await fetch(`${base}/v1/payments`, {
          method: 'POST',
          headers: { ...headers, 'idempotency-key': `b${index}` },
          body: bodies[index],
        });
        await response.arrayBuffer();
        latencies.push(performance.now() - t0);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
  console.log(
    JSON.stringify({
      requests,
      concurrency,
      statuses: Object.fromEntries(statuses),
      perSecond: Math.round(requests / seconds),
      p50Ms: pct(50),
      p90Ms: pct(90),
      p99Ms: pct(99),
      maxMs: latencies.at(-1)!.toFixed(1),
    }),
  );
} finally {
  await psp.close();
}
