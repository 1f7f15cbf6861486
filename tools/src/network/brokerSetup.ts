/**
 * The broker half of setup, with the admin login (bootstrap, the e2e test network): the topology declared
 * (DLQs whose arguments changed are migrated: infra declareTopology), one least-privilege user per participant
 * with the password from its own secrets, the read-only monitoring login, and the message size limit.
 */
import {
  BROKER_MESSAGE_BYTES_MAX,
  brokerUserName,
  buildTopology,
  declareTopology,
  managementApi,
  monitoringUserName,
  participantBrokerUser,
  participantsOf,
  setMessageSizeMax,
  type BrokerUser,
  type Network,
  type Topology,
} from '@switchyard/infra';
import { loadPeopleSecrets, loadServiceSecrets } from './secrets.ts';

export type BrokerSetupOptions = {
  network: Network;
  /** Admin logins: AMQP (declares) and the management API (users). */
  amqpUrl: string;
  managementUrl: string;
  keysDir: string;
};

/** The network's topology as every service builds it (startMessaging's defaults). */
const topologyOf = (network: Network): Topology =>
  buildTopology({ prefix: network.prefix, participants: participantsOf(network) });

/** Every broker user of the network with its password (from the secrets ensureSecrets made). */
export const brokerLoginsOf = (
  network: Network,
  keysDir: string,
): Array<{ user: BrokerUser; password: string }> => {
  const topology = topologyOf(network);
  return [
    ...participantsOf(network).map((participant) => ({
      user: participantBrokerUser(topology, participant),
      password: loadServiceSecrets(keysDir, participant).amqpPassword,
    })),
    {
      user: {
        name: monitoringUserName(network.prefix),
        tags: 'monitoring',
        permissions: { configure: '^$', write: '^$', read: '^$' },
      },
      password: loadPeopleSecrets(keysDir).monitoringPassword,
    },
  ];
};

/**
 * Runs every step; `say` gets one line per thing done.
 * @throws Error when the management API is unreachable (the users cannot be made) or a changed queue cannot
 *   be migrated (infra declareTopology says why)
 */
export const setUpBroker = async (o: BrokerSetupOptions, say: (line: string) => void): Promise<void> => {
  const migrated = await declareTopology(o.amqpUrl, topologyOf(o.network));
  say(
    migrated.length > 0
      ? `RabbitMQ topology declared; re-declared with new arguments: ${migrated.join(', ')}`
      : 'RabbitMQ topology declared',
  );
  const api = managementApi({ url: o.managementUrl, amqpUrl: o.amqpUrl });
  for (const { user, password } of brokerLoginsOf(o.network, o.keysDir)) await api.putUser(user, password);
  say(
    `RabbitMQ users: one per participant (${brokerUserName(o.network.prefix, '<participant>')}), and ${monitoringUserName(o.network.prefix)} (read-only)`,
  );
  say(
    (await setMessageSizeMax(BROKER_MESSAGE_BYTES_MAX))
      ? `RabbitMQ max_message_size ${BROKER_MESSAGE_BYTES_MAX} bytes`
      : `RabbitMQ max_message_size not set (no local rabbitmqctl): set max_message_size = ${BROKER_MESSAGE_BYTES_MAX} in its rabbitmq.conf`,
  );
};

/** Deletes the network's broker users (the e2e test network at stop). */
export const deleteBrokerUsers = async (o: Omit<BrokerSetupOptions, 'keysDir'>): Promise<void> => {
  const api = managementApi({ url: o.managementUrl, amqpUrl: o.amqpUrl });
  for (const participant of participantsOf(o.network))
    await api.deleteUser(brokerUserName(o.network.prefix, participant));
  await api.deleteUser(monitoringUserName(o.network.prefix));
};
