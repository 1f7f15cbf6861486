/**
 * The network's RabbitMQ topology as the exchanges, queues and bindings of a definitions file (RabbitMQ's
 * own JSON format, imported at boot from a definitions folder, or through the management API): built from
 * infra's buildTopology — the same exchanges, queues (with the same arguments) and bindings the services
 * assert on connect, so a broker started from the file already has what they declare. Users and
 * permissions are the other file of the folder (brokerDefinitions.ts: generated from the secrets).
 */
import type { Topology } from '@switchyard/infra';

type Arguments = Record<string, unknown>;

export type TopologyDefinitions = {
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

/** The exchange arguments amqplib sends for our AssertExchange options. */
const exchangeArguments = (options: { alternateExchange?: string; arguments?: Arguments }): Arguments => ({
  ...(options.alternateExchange === undefined ? {} : { 'alternate-exchange': options.alternateExchange }),
  ...options.arguments,
});

export const topologyDefinitions = (topology: Topology, vhost = '/'): TopologyDefinitions => ({
  exchanges: topology.exchanges.map((exchange) => ({
    name: exchange.name,
    vhost,
    type: exchange.type,
    durable: exchange.options.durable ?? true,
    auto_delete: exchange.options.autoDelete ?? false,
    internal: exchange.options.internal ?? false,
    arguments: exchangeArguments(exchange.options),
  })),
  queues: topology.queues.map((queue) => ({
    name: queue.name,
    vhost,
    durable: queue.options.durable ?? true,
    auto_delete: queue.options.autoDelete ?? false,
    arguments: { ...queue.options.arguments },
  })),
  bindings: topology.bindings.map((binding) => ({
    source: binding.exchange,
    vhost,
    destination: binding.queue,
    destination_type: 'queue',
    routing_key: binding.pattern,
    arguments: {},
  })),
});
