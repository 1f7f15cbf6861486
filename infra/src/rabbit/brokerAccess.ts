/**
 * Least privilege on the broker, as data: one RabbitMQ user per participant and network prefix, whose
 * permissions follow from the topology and contracts' permissions table (participantUse):
 *
 * - configure: nothing. The topology is declared by setup with an admin login (tools bootstrap); services
 *   only check it, passively (connection.ts `checkOnlyFor`), which needs no permission — so reconnection
 *   works with this login too.
 * - write: the exchanges of the participants it may address, and its own copies exchange (DLQ and retry
 *   copies, DLQ replay). Never the default exchange, which reaches every queue by name. Publishing to an
 *   exchange whose alternate exchange takes the message needs no write on the alternate; the broker's own
 *   dead-lettering (delivery-limit, retry TTL) needs no user permission at all.
 * - read: its own work queue (consume) and DLQ (the operator's replay gets from it) — nobody else's.
 *
 * People get a read-only management login: tag `monitoring`, and on the vhost permissions that match no
 * name, so the UI and API show queues and rates while publishing, getting, purging or deleting are refused.
 * (infra/test/int/brokerAccess.spec.ts shows each of these on RabbitMQ 3.10.)
 */
import { ENVELOPE_BYTES_MAX, deadLetterQueueFor, workQueueFor } from '@switchyard/contracts';
import { participantUse, type Topology } from './topology.ts';

export type BrokerPermissions = { configure: string; write: string; read: string };
export type BrokerUser = { name: string; tags: string; permissions: BrokerPermissions };

/**
 * The broker refuses a larger message body (RabbitMQ `max_message_size`): twice the largest envelope a
 * sealer produces, so every legitimate message passes and a 128 MiB one (RabbitMQ's default limit) never does.
 */
export const BROKER_MESSAGE_BYTES_MAX = 2 * ENVELOPE_BYTES_MAX;

/** Matches nothing: no permission. */
export const NOTHING = '^$';

const escape = (name: string): string => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A permission regex matching exactly these names. */
export const exactly = (names: readonly string[]): string =>
  names.length === 0 ? NOTHING : `^(${names.map(escape).join('|')})$`;

/** The broker login of `participant` on the network `prefix`: `sy.psp.zap`. */
export const brokerUserName = (prefix: string, participant: string): string => `${prefix}${participant}`;

/** The people's read-only management login of the network `prefix`: `sy.monitor`. */
export const monitoringUserName = (prefix: string): string => `${prefix}monitor`;

/** `participant`'s user: write to whom it may address and its copies exchange, read its own queues. */
export const participantBrokerUser = (topology: Topology, participant: string): BrokerUser => {
  const work = workQueueFor(topology.prefix, participant);
  return {
    name: brokerUserName(topology.prefix, participant),
    tags: '',
    permissions: {
      configure: NOTHING,
      write: exactly(participantUse(topology, participant).exchanges),
      read: exactly([work, deadLetterQueueFor(work)]),
    },
  };
};

/** Every participant's user and the monitoring login of the topology's network. */
export const brokerUsersOf = (topology: Topology): BrokerUser[] => [
  ...topology.participants.map((participant) => participantBrokerUser(topology, participant)),
  {
    name: monitoringUserName(topology.prefix),
    tags: 'monitoring',
    permissions: { configure: NOTHING, write: NOTHING, read: NOTHING },
  },
];

/** `amqp://admin:pw@host:5672/vhost` with `user`'s login instead: what a service connects with. */
export const amqpUrlFor = (amqpUrl: string, user: string, password: string): string => {
  const url = new URL(amqpUrl);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  return url.toString();
};

/** The vhost an AMQP URL names (`/` when it names none). */
export const vhostOf = (amqpUrl: string): string => {
  const path = new URL(amqpUrl).pathname;
  return path === '' || path === '/' ? '/' : decodeURIComponent(path.slice(1));
};
