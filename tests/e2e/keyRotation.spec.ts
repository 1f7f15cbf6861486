/**
 * Keys rotate without restarting anything (issue 7): while payments flow, a bank's key and the switch's
 * are rotated — the new keys published first and used from their activation — and the old ones retired a
 * little later. Every service reloads its keys folder on its own; relays re-seal what they still hold for
 * a retiring key. The run ends with every payment terminal and successful, and not one dead letter.
 */
import { expect } from 'chai';
import amqp from 'amqplib';
import { sql } from 'slonik';
import {
  deadLetterQueueFor,
  exchangeFor,
  generateKeys,
  loadKeyDirectory,
  retireKey,
  unroutableQueue,
  workQueueFor,
} from '@switchyard/contracts';
import { createDb, participantsOf } from '@switchyard/infra';
import { testSettings } from '@switchyard/infra/testing';
import { loadDemoCustomers, onboard, type Onboarded } from '@switchyard/tools';
import { startTestNetwork, type TestNetwork } from './support/testNetwork.ts';
import { TEST_PIN } from './support/extraCustomers.ts';

const ROTATED = ['bank.lotus', 'switch'];
const ACTIVATE_AFTER_MS = 4_000; // services reload their keys folder every second (contracts keyReload.ts)
const RETIRE_AFTER_MS = 4_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('e2e: key rotation under load, without a restart', function () {
  this.timeout(300_000);
  let net: TestNetwork;
  const people = new Map<string, Onboarded>();

  before(async () => {
    const customers = loadDemoCustomers();
    net = await startTestNetwork({ customers });
    for (const vpaUser of ['asha', 'vikram', 'meera']) {
      const customer = customers.find((c) => c.vpaUser === vpaUser)!;
      people.set(
        vpaUser,
        await onboard(net.clients.get(customer.psp)!, customer, { phones: net.phones, pin: TEST_PIN }),
      );
    }
  });
  after(async () => net?.stop());

  /** The readable AMQP headers of everything published to these participants' exchanges for `ms`. */
  const tapExchanges = async (
    participants: string[],
    ms: number,
  ): Promise<Array<Record<string, unknown>>> => {
    const connection = await amqp.connect(testSettings().amqpUrl);
    const seen: Array<Record<string, unknown>> = [];
    try {
      const channel = await connection.createChannel();
      const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
      for (const participant of participants)
        await channel.bindQueue(queue, exchangeFor(net.network.prefix, participant), '#');
      await channel.consume(queue, (delivery) => delivery && seen.push(delivery.properties.headers ?? {}), {
        noAck: true,
      });
      await sleep(ms);
    } finally {
      await connection.close();
    }
    return seen;
  };

  it('rotates bank.lotus and the switch while payments flow: every payment succeeds, zero dead letters', async () => {
    const routes: Array<[string, string]> = [
      ['asha', 'vikram'], // debit at Lotus, credit at Banyan
      ['vikram', 'meera'], // debit at Banyan, credit at Lotus
      ['meera', 'asha'], // both at Lotus
    ];
    const started: Array<{ payer: Onboarded; txnId: string }> = [];
    let paying = true;
    const load = (async () => {
      for (let i = 0; paying; i += 1) {
        const [from, to] = routes[i % routes.length];
        const payer = people.get(from)!;
        const { txnId } = await payer.client.pay(payer.session, {
          payerVpa: payer.vpa,
          payeeVpa: people.get(to)!.vpa,
          amount: '1.00',
          pin: TEST_PIN,
        });
        started.push({ payer, txnId });
        await sleep(150);
      }
    })();

    await sleep(3_000);
    const rotatedAt = Date.now();
    const { created } = await generateKeys({
      dir: net.keysDir,
      participants: participantsOf(net.network),
      rotate: ROTATED,
      activateAfterMs: ACTIVATE_AFTER_MS,
    });
    expect(created.sort()).to.deep.equal(['bank.lotus/k2', 'switch/k2']);
    await sleep(ACTIVATE_AFTER_MS + 3_000);
    const beforeRetirement = started.length;
    for (const participant of ROTATED)
      await retireKey({
        dir: net.keysDir,
        participant,
        keyId: 'k1',
        now: new Date(),
        retireAfterMs: RETIRE_AFTER_MS,
      });
    await sleep(RETIRE_AFTER_MS + 1_000);
    // On the wire from now on: what goes to or comes from a rotated participant uses its new key.
    const wire = await tapExchanges(ROTATED, 4_000);
    paying = false;
    await load;
    const afterRetirement = started.length - beforeRetirement;

    const finals = [];
    // One at a time: each wait may open a WebSocket, and a user's are limited.
    for (const { payer, txnId } of started)
      finals.push(await payer.client.waitForFinal(payer.session, txnId, { timeoutMs: 60_000 }));
    const byStatus = finals.reduce<Record<string, number>>((counts, final) => {
      counts[final.status] = (counts[final.status] ?? 0) + 1;
      return counts;
    }, {});
    expect(byStatus, `${started.length} payments`).to.deep.equal({ SUCCESS: started.length });
    expect(afterRetirement, 'payments made once the old keys were retired').to.be.greaterThan(10);
    expect(Date.now() - rotatedAt).to.be.greaterThan(ACTIVATE_AFTER_MS + RETIRE_AFTER_MS);

    const used = new Set<string>();
    for (const headers of wire) {
      const from = String(headers['x-sender']);
      const to = String(headers['x-recipient']);
      if (ROTATED.includes(from)) used.add(`${from} seals with ${String(headers['x-sender-key-id'])}`);
      if (ROTATED.includes(to)) used.add(`${to} is sealed for with ${String(headers['x-recipient-key-id'])}`);
    }
    expect([...used].sort()).to.deep.equal([
      'bank.lotus is sealed for with k2',
      'bank.lotus seals with k2',
      'switch is sealed for with k2',
      'switch seals with k2',
    ]);

    const directory = loadKeyDirectory(net.keysDir);
    for (const participant of ROTATED) {
      expect(directory.current(participant)?.keyId, participant).to.equal('k2');
      expect(directory.lookup(participant, 'k1')?.retiredAt, participant).to.be.a('string');
    }
    // The PSPs hand out the bank's new key to the app, without a restart.
    const asha = people.get('asha')!;
    const lotusKey = await fetch(`${net.urlOf('psp.zap')}/v1/keys/banks/${asha.customer.ifsc}`, {
      headers: { authorization: `Bearer ${asha.session.token}`, 'x-device-id': asha.session.deviceId },
    });
    expect(((await lotusKey.json()) as { keyId: string }).keyId).to.equal('k2');

    const connection = await amqp.connect(testSettings().amqpUrl);
    try {
      const channel = await connection.createChannel();
      const participants = participantsOf(net.network);
      const depths: Record<string, number> = {};
      for (const participant of participants) {
        const dlq = deadLetterQueueFor(workQueueFor(net.network.prefix, participant));
        depths[dlq] = (await channel.checkQueue(dlq)).messageCount;
      }
      depths[unroutableQueue(net.network.prefix)] = (
        await channel.checkQueue(unroutableQueue(net.network.prefix))
      ).messageCount;
      expect(depths).to.deep.equal(Object.fromEntries(Object.keys(depths).map((queue) => [queue, 0])));
      await channel.close();
    } finally {
      await connection.close();
    }
    for (const participant of participantsOf(net.network)) {
      const db = await createDb(net.databaseUrlOf(participant), { poolSizeMax: 1 });
      try {
        expect(
          await db.pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM outbox_parked`),
          participant,
        ).to.equal(0);
      } finally {
        await db.end();
      }
    }
  });
});
