/**
 * Broker administration, done by setup with an admin login (tools bootstrap, the e2e test network, tests):
 * declaring the topology (and migrating queues whose arguments changed), the participants' users and the
 * monitoring login through the management HTTP API, and the broker's message size limit.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import amqp, { type Channel } from 'amqplib';
import { vhostOf, type BrokerUser } from './brokerAccess.ts';
import { workQueueFor } from '@switchyard/contracts';
import { assertTopology, type Topology } from './topology.ts';

const run = promisify(execFile);

const isChannelError = (error: unknown, code: number): boolean =>
  (error as { code?: unknown } | null)?.code === code;

/**
 * Declares the whole topology. A queue declared before with other arguments (RabbitMQ answers 406: e.g. the
 * DLQs, which gained length limits) is deleted and declared again — only when it is empty and no work queue of
 * the network has a consumer (the network is stopped, so nothing can dead-letter into it meanwhile: quorum
 * queues do not support an atomic delete-if-empty). Otherwise this throws and changes nothing more; the
 * operator stops the network (`make down`) or drains the queue (`make dlq REPLAY=…`) and runs setup again.
 * @returns the queues re-declared that way
 * @throws Error naming a changed queue that is not empty or whose network is running; the broker's error for
 *   anything else
 */
export const declareTopology = async (amqpUrl: string, topology: Topology): Promise<string[]> => {
  const connection = await amqp.connect(amqpUrl);
  const migrated: string[] = [];
  const open = async (): Promise<Channel> => {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined); // channel errors reject the call that caused them
    return channel;
  };
  const workQueues = topology.participants.map((participant) => workQueueFor(topology.prefix, participant));
  /** Why `queue` may not be deleted now, or undefined. */
  const blocker = async (channel: Channel, queue: string): Promise<string | undefined> => {
    if ((await channel.checkQueue(queue)).messageCount > 0)
      return 'is not empty: drain it (make dlq REPLAY=…)';
    for (const work of workQueues) {
      const consumers = await channel.checkQueue(work).then(
        (info) => info.consumerCount,
        () => 0,
      );
      if (consumers > 0)
        return `cannot be replaced while ${work} has consumers: stop the network (make down)`;
    }
    return undefined;
  };
  try {
    for (const queue of topology.queues) {
      const channel = await open();
      try {
        await channel.assertQueue(queue.name, queue.options);
        await channel.close();
        continue;
      } catch (error) {
        if (!isChannelError(error, 406)) throw error;
      }
      const again = await open();
      const why = await blocker(again, queue.name);
      if (why !== undefined)
        throw new Error(
          `queue ${queue.name} exists with other arguments and ${why}, then run the setup again`,
        );
      await again.deleteQueue(queue.name);
      await again.assertQueue(queue.name, queue.options);
      await again.close();
      migrated.push(queue.name);
    }
    const channel = await open();
    await assertTopology(channel, topology);
    await channel.close();
  } finally {
    await connection.close().catch(() => undefined);
  }
  return migrated;
};

export type ManagementApi = {
  /** Creates or updates `user` with `password`, its tags and its permissions on the vhost. */
  putUser(user: BrokerUser, password: string): Promise<void>;
  /** Deletes a user (a missing one is fine). */
  deleteUser(name: string): Promise<void>;
  /** GET on the API, e.g. `/queues/%2F/sy.switch.work`; undefined for 404. */
  get(path: string): Promise<unknown>;
};

/**
 * The management HTTP API (the rabbitmq_management plugin).
 * @param o.url the API's base, e.g. http://127.0.0.1:15672 — credentials in it are used when present
 * @param o.amqpUrl the admin's AMQP URL: its login (when the URL has none) and its vhost
 */
export const managementApi = (o: { url: string; amqpUrl: string }): ManagementApi => {
  const base = new URL(o.url);
  const amqpLogin = new URL(o.amqpUrl);
  const login = base.username ? base : amqpLogin;
  const authorization = `Basic ${Buffer.from(
    `${decodeURIComponent(login.username)}:${decodeURIComponent(login.password)}`,
  ).toString('base64')}`;
  base.username = '';
  base.password = '';
  const vhost = encodeURIComponent(vhostOf(o.amqpUrl));
  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const response = await fetch(new URL(`/api${path}`, base), {
      method,
      headers: { authorization, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok && response.status !== 404) {
      throw new Error(
        `RabbitMQ management API ${method} ${path}: HTTP ${response.status} ${await response.text()}`,
      );
    }
    return response;
  };
  const user = (name: string) => encodeURIComponent(name);
  return {
    async putUser(spec, password) {
      await call('PUT', `/users/${user(spec.name)}`, { password, tags: spec.tags });
      await call('PUT', `/permissions/${vhost}/${user(spec.name)}`, spec.permissions);
    },
    async deleteUser(name) {
      await call('DELETE', `/users/${user(name)}`);
    },
    async get(path) {
      const response = await call('GET', path);
      return response.status === 404 ? undefined : response.json();
    },
  };
};

/**
 * Sets RabbitMQ's `max_message_size` on the running local node (rabbitmqctl eval): channels opened from now
 * on refuse larger bodies (406 PRECONDITION_FAILED). It lasts until the node restarts, so setup applies it on
 * every run; docker-compose sets it in rabbitmq.conf instead.
 * @returns false when rabbitmqctl is not installed here (a remote or containerised broker)
 * @throws the rabbitmqctl error when it is installed but fails
 */
export const setMessageSizeMax = async (bytes: number): Promise<boolean> => {
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new Error(`invalid message size ${bytes}`);
  try {
    await run('rabbitmqctl', ['eval', `application:set_env(rabbit, max_message_size, ${bytes}).`], {
      timeout: 30_000,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  return true;
};
