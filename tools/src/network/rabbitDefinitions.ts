/**
 * The network's RabbitMQ topology as a definitions file (RabbitMQ's own JSON format, loaded at boot with
 * `load_definitions`, or imported through the management API): built from infra's buildTopology — the
 * same exchanges, queues (with the same arguments) and bindings the services assert on connect, so a
 * broker started from the file already has what they declare. Users and their permissions are an input:
 * a broker that loads definitions at boot creates no default user, so whoever builds the file says who
 * may log in (docker-compose: guest; more users, such as a read-only management user, join the list).
 */
import { createHash } from 'node:crypto';
import type { Topology } from '@switchyard/infra';

export type DefinitionsUser = {
  name: string;
  password: string;
  /** Management UI tags: administrator, monitoring, management, … ([] = no UI access). */
  tags: string[];
  /** Regular expressions over resource names, as rabbitmqctl set_permissions takes them. */
  permissions: { configure: string; write: string; read: string };
};

type Arguments = Record<string, unknown>;

export type RabbitDefinitions = {
  rabbit_version?: string;
  users: Array<{ name: string; password_hash: string; hashing_algorithm: string; tags: string[] }>;
  vhosts: Array<{ name: string }>;
  permissions: Array<{ user: string; vhost: string; configure: string; write: string; read: string }>;
  exchanges: Array<{
    name: string;
    vhost: string;
    type: string;
    durable: boolean;
    auto_delete: boolean;
    internal: boolean;
    arguments: Arguments;
  }>;
  queues: Array<{
    name: string;
    vhost: string;
    durable: boolean;
    auto_delete: boolean;
    arguments: Arguments;
  }>;
  bindings: Array<{
    source: string;
    vhost: string;
    destination: string;
    destination_type: 'queue';
    routing_key: string;
    arguments: Arguments;
  }>;
};

/**
 * RabbitMQ's rabbit_password_hashing_sha256: base64(salt ‖ sha256(salt ‖ password)), 4-byte salt. The salt
 * is derived from the user's name, so the same input always gives the same file (it is committed).
 */
export const rabbitPasswordHash = (name: string, password: string): string => {
  const salt = createHash('sha256').update(`switchyard:${name}`).digest().subarray(0, 4);
  const hash = createHash('sha256')
    .update(Buffer.concat([salt, Buffer.from(password, 'utf8')]))
    .digest();
  return Buffer.concat([salt, hash]).toString('base64');
};

/** The exchange arguments amqplib sends for our AssertExchange options. */
const exchangeArguments = (options: { alternateExchange?: string; arguments?: Arguments }): Arguments => ({
  ...(options.alternateExchange === undefined ? {} : { 'alternate-exchange': options.alternateExchange }),
  ...options.arguments,
});

export const rabbitDefinitions = (o: {
  topology: Topology;
  users: readonly DefinitionsUser[];
  vhost?: string;
}): RabbitDefinitions => {
  const vhost = o.vhost ?? '/';
  return {
    users: o.users.map((user) => ({
      name: user.name,
      password_hash: rabbitPasswordHash(user.name, user.password),
      hashing_algorithm: 'rabbit_password_hashing_sha256',
      tags: user.tags,
    })),
    vhosts: o.users.length === 0 ? [] : [{ name: vhost }],
    permissions: o.users.map((user) => ({ user: user.name, vhost, ...user.permissions })),
    exchanges: o.topology.exchanges.map((exchange) => ({
      name: exchange.name,
      vhost,
      type: exchange.type,
      durable: exchange.options.durable ?? true,
      auto_delete: exchange.options.autoDelete ?? false,
      internal: exchange.options.internal ?? false,
      arguments: exchangeArguments(exchange.options),
    })),
    queues: o.topology.queues.map((queue) => ({
      name: queue.name,
      vhost,
      durable: queue.options.durable ?? true,
      auto_delete: queue.options.autoDelete ?? false,
      arguments: { ...queue.options.arguments },
    })),
    bindings: o.topology.bindings.map((binding) => ({
      source: binding.exchange,
      vhost,
      destination: binding.queue,
      destination_type: 'queue',
      routing_key: binding.pattern,
      arguments: {},
    })),
  };
};

/** Who may log in to the docker-compose broker: guest (RabbitMQ's usual development user), everything. */
export const DEFAULT_DEFINITIONS_USERS: readonly DefinitionsUser[] = [
  {
    name: 'guest',
    password: 'guest',
    tags: ['administrator'],
    permissions: { configure: '.*', write: '.*', read: '.*' },
  },
];
