/**
 * Crash safety shown, not claimed: a stream of payments runs while a bank, the switch and a PSP are each
 * killed with SIGKILL and restarted, and RabbitMQ itself is restarted. Afterwards every payment must be
 * terminal (success, failure after a timeout-driven reversal, or deemed), no money may be created or lost,
 * every payment's legs must agree between the switch and the banks, and the event log must rebuild.
 * Timers are shortened (3 s legs, 2 s reversals) so the timeout paths run within the test.
 */
import { expect } from 'chai';
import { createDb } from '@switchyard/infra';
import { restartRabbit } from '@switchyard/infra/testing';
import { findPayment, rebuildAll } from '@switchyard/switch';
import type { PaymentView } from '@switchyard/psp';
import { checkInvariants, loadDemoCustomers, onboard, type Onboarded } from '@switchyard/tools';
import { startTestNetwork, type TestNetwork } from './support/testNetwork.ts';
import { extraCustomers, TEST_PIN } from './support/extraCustomers.ts';

const PAYMENTS = 120;
const CONCURRENCY = 8;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('e2e: chaos — kill -9 and broker restart mid-stream', function () {
  this.timeout(300_000);
  let net: TestNetwork;
  const payers: Onboarded[] = [];

  before(async () => {
    const customers = [...loadDemoCustomers(), ...extraCustomers()].filter((c) =>
      c.vpaUser.startsWith('load'),
    );
    net = await startTestNetwork({
      customers,
      env: {
        SY_AUTH_TIMEOUT_MS: '3000',
        SY_DEBIT_TIMEOUT_MS: '3000',
        SY_CREDIT_TIMEOUT_MS: '3000',
        SY_DEBIT_REVERSAL_TIMEOUT_MS: '2000',
        SY_CREDIT_REVERSAL_TIMEOUT_MS: '2000',
        SY_SWEEPER_INTERVAL_MS: '200',
        SY_UPSTREAM_TIMEOUT_MS: '10000',
      },
    });
    for (const customer of customers)
      payers.push(
        await onboard(net.clients.get(customer.psp)!, customer, { phones: net.phones, pin: TEST_PIN }),
      );
  });
  after(async () => {
    await net?.stop();
  });

  it(`keeps every payment terminal and the money conserved through crashes (${PAYMENTS} payments)`, async () => {
    // Only psp.zap users pay, so the ingress stays up; psp.kite (a payee PSP) is among the victims.
    const zapPayers = payers.filter((p) => p.customer.psp === 'psp.zap');
    const accepted: Array<{ payer: Onboarded; txnId: string }> = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < PAYMENTS) {
        const i = next++;
        const payer = zapPayers[i % zapPayers.length];
        const payee = payers[(i * 5 + 1) % payers.length];
        if (payee === payer) continue;
        const { txnId } = await payer.client.pay(payer.session, {
          payerVpa: payer.vpa,
          payeeVpa: payee.vpa,
          amount: `${1 + (i % 20)}.00`,
          pin: TEST_PIN,
        });
        accepted.push({ payer, txnId });
        await sleep(40);
      }
    };
    const chaos = async (): Promise<string[]> => {
      const done: string[] = [];
      const at = async (count: number) => {
        while (accepted.length < count) await sleep(20);
      };
      await at(20);
      net.launched.kill('bank.lotus');
      await sleep(1500);
      await net.launched.restart('bank.lotus');
      done.push('kill -9 bank.lotus');
      await at(45);
      net.launched.kill('switch');
      await sleep(1000);
      await net.launched.restart('switch');
      done.push('kill -9 switch');
      await at(70);
      net.launched.kill('psp.kite');
      await sleep(1000);
      await net.launched.restart('psp.kite');
      done.push('kill -9 psp.kite');
      await at(90);
      await restartRabbit(1000);
      done.push('RabbitMQ restart');
      return done;
    };
    const started = Date.now();
    const [, done] = await Promise.all([Promise.all(Array.from({ length: CONCURRENCY }, worker)), chaos()]);
    expect(done).to.have.length(4);

    const finals: PaymentView[] = [];
    for (const { payer, txnId } of accepted)
      finals.push(
        await payer.client.waitForFinal(payer.session, txnId, {
          timeoutMs: 90_000,
          via: 'poll',
          pollIntervalMs: 200,
        }),
      );
    const byOutcome: Record<string, number> = {};
    for (const f of finals)
      byOutcome[`${f.status}${f.errCode ? `/${f.errCode}` : ''}`] =
        (byOutcome[`${f.status}${f.errCode ? `/${f.errCode}` : ''}`] ?? 0) + 1;
    console.log(
      `      chaos: ${finals.length} payments through ${done.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(byOutcome)}`,
    );
    expect(finals.every((f) => ['SUCCESS', 'FAILURE', 'DEEMED'].includes(f.status))).to.equal(true);
    // How many succeed depends on how fast the box restarts what was killed (timers run meanwhile): the
    // test counts outcomes and checks that everybody agrees on each one, not that a share succeeds.
    const switchRecord = await createDb(net.databaseUrlOf('switch'), { poolSizeMax: 1 });
    try {
      for (const [i, { txnId }] of accepted.entries()) {
        const { state } = await findPayment(switchRecord.pool, txnId);
        const final = 'final' in state ? state.final : undefined;
        expect(
          { status: finals[i].status, errCode: finals[i].errCode },
          `${txnId}: the payer's PSP says what the switch decided`,
        ).to.deep.equal({ status: final?.finalStatus, errCode: final?.errCode ?? null });
      }
    } finally {
      await switchRecord.end();
    }

    // The switch may still be finishing the payee side (RespTxnConfirmation): wait until nothing is in flight.
    let report = await checkInvariants(net.network, (id) => net.databaseUrlOf(id));
    for (let i = 0; i < 300 && report.inFlight > 0; i += 1) {
      await sleep(200);
      report = await checkInvariants(net.network, (id) => net.databaseUrlOf(id));
    }
    for (const line of report.lines) console.log(`      ${line}`);
    expect(report.breaches).to.deep.equal([]);
    expect(report.inFlight).to.equal(0);

    const switchDb = await createDb(net.databaseUrlOf('switch'), { poolSizeMax: 1 });
    try {
      const rebuilt = await rebuildAll(switchDb.pool);
      expect(rebuilt.mismatches).to.deep.equal([]);
      expect(rebuilt.checked).to.equal(accepted.length);
    } finally {
      await switchDb.end();
    }
  });
});
