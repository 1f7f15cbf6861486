/**
 * A whole network for end-to-end tests (tools' startIsolatedNetwork): the default network's shape on its
 * own RabbitMQ prefix, databases, ports and freshly generated keys, so a test run never touches `make up`'s
 * network. Postgres and RabbitMQ come from the test settings; SY_KEEP_E2E_LOGS=1 keeps its logs and keys.
 */
import { testSettings } from '@switchyard/infra/testing';
import { startIsolatedNetwork, type IsolatedNetwork, type IsolatedNetworkOptions } from '@switchyard/tools';

export type TestNetwork = IsolatedNetwork;
export type TestNetworkOptions = Omit<
  IsolatedNetworkOptions,
  'postgresUrl' | 'amqpUrl' | 'managementUrl' | 'keepFiles'
>;

export const startTestNetwork = async (options: TestNetworkOptions = {}): Promise<TestNetwork> => {
  const settings = testSettings();
  return startIsolatedNetwork({
    ...options,
    postgresUrl: settings.postgresUrl,
    amqpUrl: settings.amqpUrl,
    managementUrl: settings.managementUrl,
    keepFiles: settings.keepLogs,
  });
};
