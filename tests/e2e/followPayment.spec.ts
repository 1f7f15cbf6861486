/**
 * Following one payment through the running network (issue 10): its trace across every service (the
 * `trace` command: hops with timings, a message parked in a DLQ shown as such), its log lines (every line
 * of every service that names the txn id carries it as correlationId; the `logs` command puts them in
 * time order), and what the RabbitMQ management UI shows of each message (readable AMQP properties: type,
 * messageId, correlation id = txn id, sender, recipient, time).
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import amqp, { type ConsumeMessage } from 'amqplib';
import { expect } from 'chai';
import { exchangeFor, newMessageId } from '@switchyard/contracts';
import { testSettings } from '@switchyard/infra/testing';
import type { PaymentView } from '@switchyard/psp';
import { loadDemoCustomers, onboard, REPO_ROOT, type Onboarded } from '@switchyard/tools';
import { TEST_PIN } from './support/extraCustomers.ts';
import { startTestNetwork, type TestNetwork } from './support/testNetwork.ts';

const run = promisify(execFile);

type Hop = { message: string; from: string; to: string; code: string | null; state: string; notes: string[] };
type Trace = { txnId: string; finalStatus: string | null; hops: Hop[]; payerView: { status: string } | null };

describe('e2e: following one payment — trace, logs, AMQP properties', function () {
  this.timeout(180_000);
  let net: TestNetwork;
  let logsDir: string;
  const people = new Map<string, Onboarded>();
  const delivered: ConsumeMessage[] = [];
  let closeTap: () => Promise<void>;

  const tool = async (name: string, args: string[]) => {
    const settings = testSettings();
    return run(process.execPath, [join('tools/src/cli', `${name}.ts`), ...args], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        SY_NETWORK_FILE: net.networkFile,
        SY_KEYS_DIR: net.keysDir,
        SY_POSTGRES_URL: settings.postgresUrl,
        SY_AMQP_URL: settings.amqpUrl,
      },
    });
  };
  const pay = async (from: string, to: string, amount: string): Promise<PaymentView> => {
    const payer = people.get(from)!;
    const { txnId } = await payer.client.pay(payer.session, {
      payerVpa: payer.vpa,
      payeeVpa: people.get(to)!.vpa,
      amount,
      pin: TEST_PIN,
    });
    return payer.client.waitForFinal(payer.session, txnId, { timeoutMs: 30_000 });
  };
  const trace = async (txnId: string): Promise<Trace> =>
    JSON.parse((await tool('trace', [txnId, '--json'])).stdout) as Trace;

  before(async () => {
    net = await startTestNetwork();
    logsDir = join(dirname(net.networkFile), 'logs');
    for (const customer of loadDemoCustomers()) {
      const pin = customer.status === 'ACTIVE' ? TEST_PIN : undefined;
      people.set(
        customer.vpaUser,
        await onboard(net.clients.get(customer.psp)!, customer, { phones: net.phones, pin }),
      );
    }
    // What the management UI would show: a copy of everything published to bank.lotus's exchange.
    const connection = await amqp.connect(testSettings().amqpUrl);
    const channel = await connection.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, exchangeFor(net.network.prefix, 'bank.lotus'), '#');
    await channel.consume(queue, (message) => message && delivered.push(message), { noAck: true });
    closeTap = () => connection.close().catch(() => undefined);
  });
  after(async () => {
    await closeTap?.();
    await net?.stop();
  });

  it('traces a payment hop by hop across every service, each delivered, as the customer saw it end', async () => {
    const paid = await pay('asha', 'vikram', '12.00');
    expect(paid.status).to.equal('SUCCESS');
    const { stdout } = await tool('trace', [paid.txnId]);
    expect(stdout).to.include(`payment ${paid.txnId}: SUCCESS (switch: SUCCESS)`);
    expect(stdout).to.match(/ReqPay DEBIT\s+switch → bank\.lotus\s+delivered in \d+ ms/);
    const json = await trace(paid.txnId);
    expect(json.hops.map((h) => `${h.message} ${h.from} → ${h.to} ${h.code ?? ''}`.trim())).to.deep.equal([
      'ReqPay PAY psp.zap → switch',
      'ReqAuthDetails switch → psp.kite',
      'RespAuthDetails psp.kite → switch 00',
      'ReqPay DEBIT switch → bank.lotus',
      'RespPay DEBIT bank.lotus → switch 00',
      'ReqPay CREDIT switch → bank.banyan',
      'RespPay CREDIT bank.banyan → switch 00',
      'RespPay PAY switch → psp.zap 00',
      'ReqTxnConfirmation switch → psp.kite',
      'RespTxnConfirmation psp.kite → switch',
    ]);
    expect(json.hops.every((h) => h.state === 'delivered')).to.equal(true);
    expect(json.payerView?.status).to.equal('SUCCESS');
  });

  it('shows a message of the payment that sits in a dead-letter queue, and why', async () => {
    const paid = await pay('asha', 'kabir', '3.00');
    expect(paid.errCode).to.equal('U31');
    // A message the bank cannot open (not a sealed envelope) that names the payment: straight to its DLQ.
    const connection = await amqp.connect(testSettings().amqpUrl);
    const messageId = newMessageId();
    try {
      const channel = await connection.createConfirmChannel();
      channel.publish(
        exchangeFor(net.network.prefix, 'bank.lotus'),
        'upi.ReqPay.DEBIT.v1',
        Buffer.from('{}'),
        {
          messageId,
          type: 'upi.ReqPay.DEBIT.v1',
          correlationId: paid.txnId,
          appId: 'switch',
          persistent: true,
        },
      );
      await channel.waitForConfirms();
    } finally {
      await connection.close();
    }
    const deadline = Date.now() + 20_000;
    let hop: Hop | undefined;
    while (!hop && Date.now() < deadline) {
      hop = (await trace(paid.txnId)).hops.find((h) => h.state === 'dead-lettered');
      if (!hop) await new Promise((r) => setTimeout(r, 500));
    }
    expect(hop, 'a dead-lettered hop').to.not.equal(undefined);
    expect(hop).to.include({ message: 'ReqPay DEBIT', from: 'switch', to: 'bank.lotus' });
    expect(hop!.notes.join()).to.match(/work\.dlq: /);
    const messages = (await trace(paid.txnId)).hops.map((h) => `${h.message} ${h.code ?? ''}`.trim());
    expect(messages).to.include.members(['RespPay CREDIT YF', 'ReqPay REVERSAL (debit)', 'RespPay PAY U31']);
  });

  it("every service's lines about the payment carry its txn id; `logs` tells them in time order", async () => {
    const paid = await pay('vikram', 'asha', '7.00'); // psp.kite, Banyan → psp.zap, Lotus: all five
    expect(paid.status).to.equal('SUCCESS');
    await new Promise((r) => setTimeout(r, 1_000)); // the confirmation's lines land after the final answer
    const naming: Array<Record<string, unknown>> = [];
    for (const file of readdirSync(logsDir).filter((f) => f.endsWith('.log'))) {
      for (const text of readFileSync(join(logsDir, file), 'utf8').split('\n')) {
        if (!text.includes(paid.txnId)) continue;
        const line = JSON.parse(text) as Record<string, unknown>;
        naming.push(line);
        expect(line.correlationId, `${file}: ${text}`).to.equal(paid.txnId);
      }
    }
    expect(new Set(naming.map((line) => line.name))).to.deep.equal(
      new Set(['switch', 'psp.kite', 'psp.zap', 'bank.lotus', 'bank.banyan']),
    );
    const { stdout } = await tool('logs', ['--txn', paid.txnId, '--dir', logsDir, '--json']);
    const told = stdout
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text) as { time: number; name: string; msg: string });
    expect(told.length).to.equal(naming.length);
    const times = told.map((line) => line.time);
    expect(times).to.deep.equal([...times].sort((a, b) => a - b));
    expect(told.map((line) => line.msg)).to.include('payment AUTH_PENDING → DEBIT_PENDING');
    const pretty = (await tool('logs', ['--txn', paid.txnId, '--dir', logsDir])).stdout;
    expect(pretty).to.include('handled upi.ReqPay.DEBIT.v1 from switch');
  });

  it("each message's AMQP properties say what it is, for whom, about which payment, and when", async () => {
    const paid = await pay('asha', 'vikram', '4.00');
    const debit = delivered.find((m) => m.properties.correlationId === paid.txnId);
    expect(debit, 'the debit request on bank.lotus’s exchange').to.not.equal(undefined);
    const { properties } = debit!;
    expect(properties).to.include({
      type: 'upi.ReqPay.DEBIT.v1',
      correlationId: paid.txnId,
      appId: 'switch',
    });
    expect(properties.messageId).to.match(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(properties.timestamp).to.be.a('number');
    expect(properties.headers).to.include({ 'x-sender': 'switch', 'x-recipient': 'bank.lotus' });
    expect(String(properties.headers?.['x-sealed-at-iso'])).to.match(/^\d{4}-\d\d-\d\dT/);
  });
});
