/**
 * RabbitMQ for integration tests: a random name prefix per test file, the topology for it, a connected
 * Broker and an admin channel; drop() deletes every queue and exchange of the topology and closes both.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { Channel, GetMessage } from 'amqplib';
import { connectBroker, type Broker } from '../rabbit/connection.ts';
import { buildTopology, deleteTopology, type Topology, type TopologyOptions } from '../rabbit/topology.ts';
import { createLogger, type Log } from '../runtime/logger.ts';
import { testSettings } from './config.ts';

const run = promisify(execFile);

/** `t1a2b3c.`: isolates one test file's queues and exchanges from every other run. */
export const testPrefix = (): string => `t${randomBytes(3).toString('hex')}.`;

export const testLog = (name = 'test'): Log => createLogger({ name, level: testSettings().logLevel });

export type TestBroker = {
  prefix: string;
  topology: Topology;
  broker: Broker;
  /** A plain channel for inspection (queue depths, get); reopened if a test closes it. */
  channel(): Promise<Channel>;
  messageCount(queue: string): Promise<number>;
  /** Takes (and acks) up to `limit` messages from `queue`. */
  drain(queue: string, limit?: number): Promise<GetMessage[]>;
  drop(): Promise<void>;
};

export const createTestBroker = async (
  o: Omit<TopologyOptions, 'prefix'> & { prefix?: string; log?: Log; name?: string },
): Promise<TestBroker> => {
  const prefix = o.prefix ?? testPrefix();
  const topology = buildTopology({ ...o, prefix });
  const broker = await connectBroker({
    url: testSettings().amqpUrl,
    topology,
    log: o.log ?? testLog(),
    name: o.name ?? `test ${prefix}`,
  });
  let admin: Channel | undefined;
  const channel = async (): Promise<Channel> => {
    if (!admin) {
      const opened = await broker.createChannel();
      opened.on('close', () => {
        if (admin === opened) admin = undefined;
      });
      admin = opened;
    }
    return admin;
  };
  return {
    prefix,
    topology,
    broker,
    channel,
    messageCount: async (queue) => (await (await channel()).checkQueue(queue)).messageCount,
    async drain(queue, limit = 10_000) {
      const ch = await channel();
      const taken: GetMessage[] = [];
      while (taken.length < limit) {
        const message = await ch.get(queue, { noAck: true });
        if (!message) break;
        taken.push(message);
      }
      return taken;
    },
    async drop() {
      try {
        await deleteTopology(await channel(), topology);
      } finally {
        await broker.close();
      }
    },
  };
};

const rabbitmqctl = (...args: string[]) => run('rabbitmqctl', args, { timeout: 60_000 });

/**
 * Restarts the RabbitMQ application (every connection drops; durable quorum queues and persistent messages
 * survive), keeps it down for `downMs`, and waits until it accepts connections again. Needs the local
 * rabbitmqctl (tests run on the box). Other clients of the shared broker see the outage too: keep such tests
 * in their own spec files.
 */
export const restartRabbit = async (downMs = 0): Promise<void> => {
  try {
    await rabbitmqctl('stop_app');
    await new Promise((resolve) => setTimeout(resolve, downMs));
  } finally {
    await ensureRabbitRunning();
  }
};

/** Starts the RabbitMQ application if it is stopped and waits for it; a no-op when it runs. */
export const ensureRabbitRunning = async (): Promise<void> => {
  await rabbitmqctl('start_app');
  await rabbitmqctl('await_startup');
};

/**
 * Force-closes, broker side, every connection whose name (BrokerOptions.name) is `name` — a network drop for
 * that client only, without disturbing anyone else on the shared broker. Returns how many were closed.
 */
export const closeBrokerConnections = async (name: string): Promise<number> => {
  // The tab-separated listing gives pids in the <node.id.serial.creation> form close_connection accepts.
  const { stdout } = await rabbitmqctl('list_connections', '-q', 'pid', 'client_properties');
  const needle = `{"connection_name","${name}"}`;
  const pids = stdout
    .split('\n')
    .filter((line) => line.includes(needle))
    .map((line) => line.split('\t')[0]);
  for (const pid of pids) await rabbitmqctl('close_connection', pid, 'closed by test');
  return pids.length;
};
