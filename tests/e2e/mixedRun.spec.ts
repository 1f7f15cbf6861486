/**
 * A mixed run of a few hundred concurrent payments — successes and every decline kind — through the
 * whole network; then the money invariant must hold, every payment must be terminal with the outcome its
 * kind predicts, and the switch's event log must rebuild every payment's state. Prints its figures.
 */
import { expect } from 'chai';
import { createDb } from '@switchyard/infra';
import { rebuildAll } from '@switchyard/switch';
import type { PaymentView } from '@switchyard/psp';
import { checkInvariants, loadDemoCustomers, onboard, type Onboarded } from '@switchyard/tools';
import { startTestNetwork, type TestNetwork } from './support/testNetwork.ts';
import { extraCustomers, TEST_PIN } from './support/extraCustomers.ts';

const PAYMENTS = 300;
const CONCURRENCY = 24;

type Kind =
  | 'success'
  | 'wrongPin'
  | 'noFunds'
  | 'unknownPayee'
  | 'frozenPayer'
  | 'frozenPayee'
  | 'dormantPayer'
  | 'overCap'
  | 'noPin';
const expected: Record<Kind, (p: PaymentView) => boolean> = {
  success: (p) => p.status === 'SUCCESS',
  wrongPin: (p) =>
    p.status === 'FAILURE' && p.errCode === 'U30' && ['ZM', 'Z6'].includes(p.legs[0]?.respCode ?? ''),
  noFunds: (p) => p.status === 'FAILURE' && p.errCode === 'U30' && p.legs[0]?.respCode === 'Z9',
  unknownPayee: (p) => p.status === 'FAILURE' && p.errCode === 'U29',
  frozenPayer: (p) => p.status === 'FAILURE' && p.errCode === 'U30' && p.legs[0]?.respCode === 'YE',
  frozenPayee: (p) =>
    p.status === 'FAILURE' && p.errCode === 'U31' && p.legs.some((l) => l.respCode === 'YF'),
  dormantPayer: (p) => p.status === 'FAILURE' && p.errCode === 'U30' && p.legs[0]?.respCode === 'ZX',
  overCap: (p) => p.status === 'FAILURE' && p.errCode === 'U02',
  noPin: (p) => p.status === 'FAILURE' && p.errCode === 'U30' && p.legs[0]?.respCode === 'AM',
};
// 1 in 10 of each decline kind's slot; the rest succeed (a realistic run is mostly successes).
const KINDS: Kind[] = [
  'success',
  'success',
  'success',
  'success',
  'success',
  'success',
  'success',
  'success',
  'success',
  'success',
  'wrongPin',
  'noFunds',
  'unknownPayee',
  'frozenPayer',
  'frozenPayee',
  'dormantPayer',
  'overCap',
  'noPin',
];

const percentile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

describe('e2e: a mixed run of concurrent payments', function () {
  this.timeout(300_000);
  let net: TestNetwork;
  const people = new Map<string, Onboarded>();

  before(async () => {
    const customers = [...loadDemoCustomers(), ...extraCustomers()];
    net = await startTestNetwork({ customers });
    await Promise.all(
      customers.map(async (customer) => {
        const setPin = customer.status === 'ACTIVE' && customer.vpaUser !== 'nisha';
        const pin = setPin ? TEST_PIN : undefined;
        people.set(
          customer.vpaUser,
          await onboard(net.clients.get(customer.psp)!, customer, { phones: net.phones, pin }),
        );
      }),
    );
  });
  after(async () => {
    await net?.stop();
  });

  it(`settles ${PAYMENTS} concurrent payments, keeps the money invariant and rebuilds from the event log`, async () => {
    const loaders = [...people.keys()].filter((k) => k.startsWith('load'));
    const plan = Array.from({ length: PAYMENTS }, (_, i) => {
      const kind = KINDS[i % KINDS.length];
      const payer = loaders[i % loaders.length];
      const payee =
        loaders[(i * 7 + 3) % loaders.length] === payer
          ? loaders[(i + 1) % loaders.length]
          : loaders[(i * 7 + 3) % loaders.length];
      const spec = {
        success: {
          from: payer,
          to: payee,
          amount: `${1 + (i % 50)}.${String(i % 100).padStart(2, '0')}`,
          pin: TEST_PIN,
        },
        wrongPin: { from: 'lokesh', to: payee, amount: '1.00', pin: '0000' },
        noFunds: { from: 'pooja', to: payee, amount: '999.00', pin: TEST_PIN },
        unknownPayee: { from: payer, to: `ghost${i}@kite`, amount: '1.00', pin: TEST_PIN },
        frozenPayer: { from: 'kabir', to: payee, amount: '1.00', pin: TEST_PIN },
        frozenPayee: { from: payer, to: 'kabir', amount: '1.00', pin: TEST_PIN },
        dormantPayer: { from: 'devika', to: payee, amount: '1.00', pin: TEST_PIN },
        overCap: { from: payer, to: payee, amount: '100000.50', pin: TEST_PIN },
        noPin: { from: 'nisha', to: payee, amount: '1.00', pin: TEST_PIN },
      }[kind];
      return { kind, ...spec };
    });
    const results: Array<{ kind: Kind; payment: PaymentView; latencyMs: number }> = [];
    const started = Date.now();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < plan.length) {
        const item = plan[next++];
        const payer = people.get(item.from)!;
        const t0 = Date.now();
        const { txnId } = await payer.client.pay(payer.session, {
          payerVpa: payer.vpa,
          payeeVpa: people.get(item.to)?.vpa ?? item.to,
          amount: item.amount,
          pin: item.pin,
        });
        const payment = await payer.client.waitForFinal(payer.session, txnId, {
          timeoutMs: 60_000,
          via: 'poll',
          pollIntervalMs: 100,
        });
        results.push({ kind: item.kind, payment, latencyMs: Date.now() - t0 });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const elapsedMs = Date.now() - started;

    const wrong = results.filter((r) => !expected[r.kind](r.payment));
    expect(
      wrong.map(
        (r) =>
          `${r.kind}: ${r.payment.status} ${r.payment.errCode} ${r.payment.legs.map((l) => l.respCode).join('/')}`,
      ),
    ).to.deep.equal([]);
    const byKind = Object.fromEntries(KINDS.map((k) => [k, results.filter((r) => r.kind === k).length]));
    const latencies = results.map((r) => r.latencyMs).sort((a, b) => a - b);
    console.log(
      `      mixed run: ${results.length} payments (${JSON.stringify(byKind)}) in ${(elapsedMs / 1000).toFixed(1)} s = ` +
        `${(results.length / (elapsedMs / 1000)).toFixed(1)} payments/s at ${CONCURRENCY} in flight; ` +
        `end-to-end p50 ${percentile(latencies, 0.5)} ms, p99 ${percentile(latencies, 0.99)} ms`,
    );

    const report = await checkInvariants(net.network, (id) => net.databaseUrlOf(id));
    for (const line of report.lines) console.log(`      ${line}`);
    expect(report.breaches).to.deep.equal([]);
    expect(report.inFlight).to.equal(0);
    expect(report.ok).to.equal(true);

    const switchDb = await createDb(net.databaseUrlOf('switch'), { poolSizeMax: 1 });
    try {
      const rebuilt = await rebuildAll(switchDb.pool);
      console.log(
        `      event log: rebuilt ${rebuilt.checked} payments, ${rebuilt.mismatches.length} mismatches`,
      );
      expect(rebuilt.checked).to.be.at.least(PAYMENTS);
      expect(rebuilt.mismatches).to.deep.equal([]);
    } finally {
      await switchDb.end();
    }
  });
});
