/**
 * Least privilege on RabbitMQ 3.10, shown operation by operation with real logins (brokerAccess.ts): what a
 * participant's user CAN do is exactly what its services need (publish to whom it may address, with the
 * alternate exchange and mandatory returns; copy into its own DLQ/retry queues; consume and get its own
 * queues; check the topology passively; reconnect), and everything else is a 403 ACCESS_REFUSED channel
 * error. The broker's own dead-lettering needs no user permission. The monitoring login only looks.
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import amqp, { type Channel, type ChannelModel, type ConfirmChannel } from 'amqplib';
import {
  copiesExchangeFor,
  deadLetterExchange,
  deadLetterQueueFor,
  ENVELOPE_BYTES_MAX,
  exchangeFor,
  retryQueueFor,
  smsExchangeFor,
  unroutableQueue,
  workQueueFor,
} from '@switchyard/contracts';
import {
  amqpUrlFor,
  BROKER_MESSAGE_BYTES_MAX,
  brokerUsersOf,
  buildTopology,
  connectBroker,
  declareTopology,
  deleteTopology,
  managementApi,
  monitoringUserName,
  participantBrokerUser,
  setMessageSizeMax,
  type Broker,
  type Topology,
} from '../../src/index.ts';
import { closeBrokerConnections, testLog, testPrefix } from '../../src/testing/testBroker.ts';
import { testSettings } from '../../src/testing/config.ts';

const PARTICIPANTS = ['switch', 'psp.zap', 'bank.lotus'];

const until = async (check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('infra/rabbit: least privilege per participant (RabbitMQ 3.10)', function () {
  this.timeout(60_000);
  const settings = testSettings();
  const api = managementApi({ url: settings.managementUrl, amqpUrl: settings.amqpUrl });
  const prefix = testPrefix();
  const topology: Topology = buildTopology({ prefix, participants: PARTICIPANTS, retryDelaysMs: [200] });
  const passwords = new Map<string, string>();
  const logins = new Map<string, ChannelModel>();
  let admin: ChannelModel;
  let adminChannel: Channel;
  const work = (p: string) => workQueueFor(prefix, p);

  const urlOf = (user: string) => amqpUrlFor(settings.amqpUrl, user, passwords.get(user)!);
  const loginOf = async (participant: string): Promise<ChannelModel> => {
    const user = participantBrokerUser(topology, participant).name;
    let model = logins.get(user);
    if (!model) {
      model = await amqp.connect(urlOf(user));
      logins.set(user, model);
    }
    return model;
  };
  /** Runs `operation` on a fresh confirm channel of `participant`'s login: 'ok', or the channel error's code. */
  const attempt = async (
    participant: string,
    operation: (channel: ConfirmChannel) => Promise<unknown>,
  ): Promise<'ok' | number> => {
    const channel = await (await loginOf(participant)).createConfirmChannel();
    let closedWith: number | undefined;
    channel.on('error', (error: { code?: number }) => (closedWith = error.code));
    try {
      await operation(channel);
      await channel.close();
      return 'ok';
    } catch (error) {
      await until(async () => closedWith !== undefined, 2_000).catch(() => undefined);
      return closedWith ?? (error as { code?: number }).code ?? -1;
    }
  };
  const publish =
    (exchange: string, routingKey: string, body = Buffer.from('x')) =>
    async (channel: ConfirmChannel): Promise<void> => {
      channel.publish(exchange, routingKey, body, { mandatory: true, messageId: 'm' });
      await channel.waitForConfirms();
    };
  const depth = async (queue: string) => (await adminChannel.checkQueue(queue)).messageCount;

  before(async () => {
    await declareTopology(settings.amqpUrl, topology);
    for (const user of brokerUsersOf(topology)) {
      const password = randomBytes(18).toString('base64url');
      passwords.set(user.name, password);
      await api.putUser(user, password);
    }
    admin = await amqp.connect(settings.amqpUrl);
    adminChannel = await admin.createChannel();
  });
  after(async () => {
    for (const model of logins.values()) await model.close().catch(() => undefined);
    for (const name of passwords.keys()) await api.deleteUser(name);
    await deleteTopology(adminChannel, topology).catch(() => undefined);
    await admin?.close().catch(() => undefined);
  });

  it('derives each user from the permissions table: write to whom it may address, its copies exchange and (PSPs, banks) the SMS exchange, read its own queues, configure nothing', () => {
    expect(participantBrokerUser(topology, 'psp.zap')).to.deep.equal({
      name: `${prefix}psp.zap`,
      tags: '',
      permissions: {
        configure: '^$',
        write: `^(${prefix.replace('.', '\\.')}switch|${prefix.replace('.', '\\.')}psp\\.zap\\.work\\.copies|${prefix.replace('.', '\\.')}sms)$`,
        read: `^(${prefix.replace('.', '\\.')}psp\\.zap\\.work|${prefix.replace('.', '\\.')}psp\\.zap\\.work\\.dlq)$`,
      },
    });
    const write = new RegExp(participantBrokerUser(topology, 'switch').permissions.write);
    expect(PARTICIPANTS.map((p) => write.test(exchangeFor(prefix, p)))).to.deep.equal([true, true, true]);
    expect(write.test(copiesExchangeFor(work('psp.zap')))).to.equal(false);
    expect(write.test(smsExchangeFor(prefix)), 'the switch texts nobody').to.equal(false);
    expect(write.test('')).to.equal(false);
  });

  it('a participant CAN do everything its services need', async () => {
    const switchExchange = exchangeFor(prefix, 'switch');
    expect(await attempt('psp.zap', publish(switchExchange, 'upi.ReqPay.PAY.v1'))).to.equal('ok');
    expect(await depth(work('switch'))).to.equal(1);
    // An exchange with an alternate exchange: an unroutable message reaches it without write on it.
    await adminChannel.unbindQueue(work('switch'), switchExchange, '#');
    expect(await attempt('psp.zap', publish(switchExchange, 'anything'))).to.equal('ok');
    await adminChannel.bindQueue(work('switch'), switchExchange, '#');
    expect(await depth(unroutableQueue(prefix))).to.equal(1);
    // Mandatory returns still arrive (its own copies exchange, a routing key nothing binds).
    let returned = 0;
    expect(
      await attempt('psp.zap', async (channel) => {
        channel.on('return', () => (returned += 1));
        await publish(copiesExchangeFor(work('psp.zap')), 'nowhere')(channel);
      }),
    ).to.equal('ok');
    expect(returned).to.equal(1);
    // Copies into its own DLQ, retry queue and (a replay) work queue through its copies exchange.
    const copies = copiesExchangeFor(work('switch'));
    for (const queue of [deadLetterQueueFor(work('switch')), retryQueueFor(work('switch'), 200)])
      expect(await attempt('switch', publish(copies, queue))).to.equal('ok');
    expect(await depth(deadLetterQueueFor(work('switch')))).to.equal(1);
    // The retry copy expires back into the work queue: the broker's own dead-lettering, no user permission.
    await until(async () => (await depth(work('switch'))) === 2);
    // Consume its work queue; get from its DLQ (the operator's replay).
    expect(
      await attempt('switch', async (channel) => {
        const taken: number[] = [];
        await channel.consume(work('switch'), (m) => m && (taken.push(1), channel.ack(m)));
        await until(async () => taken.length === 2);
        const dead = await channel.get(deadLetterQueueFor(work('switch')), { noAck: true });
        if (!dead) throw new Error('no dead letter');
      }),
    ).to.equal('ok');
  });

  it('a delivery-limit dead-letters into the DLQ for a least-privilege consumer (no permission on the dlx)', async () => {
    const channel = await (await loginOf('bank.lotus')).createChannel();
    let deliveries = 0;
    await channel.consume(work('bank.lotus'), (m) => {
      if (!m) return;
      deliveries += 1;
      channel.nack(m, false, true);
    });
    expect(
      await attempt('switch', publish(exchangeFor(prefix, 'bank.lotus'), 'upi.ReqPay.DEBIT.v1')),
    ).to.equal('ok');
    await until(async () => (await depth(deadLetterQueueFor(work('bank.lotus')))) === 1);
    await channel.close();
    expect(deliveries).to.be.greaterThan(1);
    await adminChannel.purgeQueue(deadLetterQueueFor(work('bank.lotus')));
  });

  it('anything else is a 403 ACCESS_REFUSED channel error', async () => {
    const refusals = {
      'publish to an exchange it may not address': await attempt(
        'psp.zap',
        publish(exchangeFor(prefix, 'bank.lotus'), 'upi.ReqPay.CREDIT.v1'),
      ),
      'publish to another PSP': await attempt('bank.lotus', publish(exchangeFor(prefix, 'psp.zap'), 'x')),
      'publish to its own exchange': await attempt('psp.zap', publish(exchangeFor(prefix, 'psp.zap'), 'x')),
      "publish to another's copies exchange": await attempt(
        'psp.zap',
        publish(copiesExchangeFor(work('switch')), deadLetterQueueFor(work('switch'))),
      ),
      'publish to the default exchange (any queue by name)': await attempt(
        'psp.zap',
        publish('', work('switch')),
      ),
      'publish to the dead-letter exchange': await attempt(
        'psp.zap',
        publish(deadLetterExchange(prefix), work('switch')),
      ),
      "consume another's work queue": await attempt('psp.zap', (c) =>
        c.consume(work('switch'), () => undefined),
      ),
      "get from another's DLQ": await attempt('bank.lotus', (c) => c.get(deadLetterQueueFor(work('switch')))),
      'consume its own retry queue': await attempt('psp.zap', (c) =>
        c.consume(retryQueueFor(work('psp.zap'), 200), () => undefined),
      ),
      're-declare its own queue': await attempt('psp.zap', (c) =>
        c.assertQueue(work('psp.zap'), topology.queues.find((q) => q.name === work('psp.zap'))!.options),
      ),
      'declare a queue of its own choosing': await attempt('psp.zap', (c) =>
        c.assertQueue('', { exclusive: true }),
      ),
      'bind a queue to tap an exchange': await attempt('psp.zap', (c) =>
        c.bindQueue(work('psp.zap'), exchangeFor(prefix, 'switch'), '#'),
      ),
      'purge its own queue': await attempt('psp.zap', (c) =>
        c.purgeQueue(retryQueueFor(work('psp.zap'), 200)),
      ),
      "delete another's queue": await attempt('psp.zap', (c) => c.deleteQueue(work('switch'))),
    };
    expect(refusals).to.deep.equal(Object.fromEntries(Object.keys(refusals).map((what) => [what, 403])));
  });

  it('checks the topology passively and reconnects with its own login (nothing to declare)', async () => {
    let setups = 0;
    const broker: Broker = await connectBroker({
      url: urlOf(participantBrokerUser(topology, 'psp.zap').name),
      topology,
      log: testLog(),
      name: `least privilege ${prefix}`,
      checkOnlyFor: 'psp.zap',
    });
    try {
      await broker.onConnect(async () => {
        setups += 1;
      });
      expect(await closeBrokerConnections(broker.name)).to.equal(1);
      await until(async () => setups === 2 && broker.isConnected());
      const channel = await broker.createConfirmChannel();
      channel.publish(exchangeFor(prefix, 'switch'), 'upi.ReqChkTxn.v1', Buffer.from('x'), {
        messageId: 'r',
      });
      await channel.waitForConfirms();
      await channel.close();
    } finally {
      await broker.close();
    }
    await adminChannel.purgeQueue(work('switch'));
    // A topology that is not there is named, not declared.
    const missing = buildTopology({ prefix: testPrefix(), participants: PARTICIPANTS });
    const refused = await connectBroker({
      url: urlOf(participantBrokerUser(topology, 'psp.zap').name),
      topology: missing,
      log: testLog(),
      name: `missing ${prefix}`,
      checkOnlyFor: 'psp.zap',
      connectAttemptsMax: 1,
    }).then(
      async (b) => {
        await b.close();
        return undefined;
      },
      (error: Error) => error,
    );
    expect(refused?.message).to.match(/exchange .*switch does not exist: declare the topology first/);
  });

  it('the monitoring login sees the queues through the management API but may not publish, get, purge or delete', async () => {
    const name = monitoringUserName(prefix);
    const monitor = managementApi({
      url: settings.managementUrl.replace(/\/\/[^@]*@/, '//'),
      amqpUrl: urlOf(name),
    });
    const queues = (await monitor.get('/queues/%2F')) as Array<{ name: string }>;
    expect(queues.map((q) => q.name)).to.include.members([
      work('switch'),
      deadLetterQueueFor(work('switch')),
    ]);
    const queue = `/queues/%2F/${encodeURIComponent(work('switch'))}`;
    /** The answer's status, and for a 400 its reason (the API wraps an AMQP 403 in a 400 bad_request). */
    const refusedOver = async (method: string, path: string, body?: unknown): Promise<string> => {
      const response = await fetch(
        new URL(`/api${path}`, settings.managementUrl.replace(/\/\/[^@]*@/, '//')),
        {
          method,
          headers: {
            authorization: `Basic ${Buffer.from(`${name}:${passwords.get(name)}`).toString('base64')}`,
            'content-type': 'application/json',
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        },
      );
      return response.status === 400 ? `400 ${await response.text()}` : String(response.status);
    };
    expect([
      await refusedOver(
        'POST',
        `/exchanges/%2F/${encodeURIComponent(exchangeFor(prefix, 'switch'))}/publish`,
        {
          properties: {},
          routing_key: 'x',
          payload: 'x',
          payload_encoding: 'string',
        },
      ),
      await refusedOver('POST', `${queue}/get`, { count: 1, ackmode: 'ack_requeue_true', encoding: 'auto' }),
      await refusedOver('DELETE', `${queue}/contents`),
      await refusedOver('DELETE', queue),
      await refusedOver('PUT', `/users/${encodeURIComponent(name)}`, {
        password: 'x',
        tags: 'administrator',
      }),
    ]).to.satisfy((answers: string[]) =>
      answers.every((answer) => /^(401|403)$|^400 .*403 ACCESS_REFUSED/.test(answer)),
    );
    expect(await depth(work('switch'))).to.equal(0);
  });

  it('refuses a message body beyond BROKER_MESSAGE_BYTES_MAX (twice the largest envelope) with 406', async () => {
    expect(await setMessageSizeMax(BROKER_MESSAGE_BYTES_MAX)).to.equal(true);
    const largest = Buffer.alloc(ENVELOPE_BYTES_MAX, 'a');
    expect(await attempt('psp.zap', publish(exchangeFor(prefix, 'switch'), 'big', largest))).to.equal('ok');
    expect(
      await attempt(
        'psp.zap',
        publish(exchangeFor(prefix, 'switch'), 'too-big', Buffer.alloc(BROKER_MESSAGE_BYTES_MAX + 1)),
      ),
    ).to.equal(406);
    await adminChannel.purgeQueue(work('switch'));
  });
});
