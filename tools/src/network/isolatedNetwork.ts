/**
 * A whole network of its own: the default network's shape on its own RabbitMQ prefix, its own databases,
 * its own ports and its own freshly generated keys, so it never touches `make up`'s network. Banks are
 * migrated and seeded (the demo customers unless told otherwise) before the services start. Set up like
 * `make up` sets up the real one, least privilege included: the topology is declared with the admin login
 * and each service logs in to RabbitMQ as its own user (`<prefix><participant>`, deleted at stop), with its
 * own keys folder, operator key and (banks) PIN pepper. The end-to-end tests
 * (tests/e2e/support/testNetwork.ts) and the chaos run start one.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeys, loadKeyDirectory, type KeyDirectory } from '@switchyard/contracts';
import { connectPhoneNetwork, type PhoneNetwork, type PspClient } from '@switchyard/app';
import {
  amqpUrlFor,
  brokerUserName,
  createDatabase,
  databaseUrl,
  dropDatabase,
  loadNetwork,
  participantsOf,
  type Network,
} from '@switchyard/infra';
import { appClients } from '../demo/appClients.ts';
import { loadDemoCustomers, type DemoCustomer } from '../demo/demoCustomers.ts';
import { seedBanks } from '../demo/seedBanks.ts';
import { deleteBrokerUsers, setUpBroker } from './brokerSetup.ts';
import { deleteBrokerObjects } from './deleteBrokerObjects.ts';
import { launchNetwork, type LaunchedNetwork } from './launchNetwork.ts';
import { ensureSecrets, loadServiceSecrets, operatorKeyOf } from './secrets.ts';

export type IsolatedNetwork = {
  network: Network;
  networkFile: string;
  keysDir: string;
  /** Where the logs (logs/<participant>.log), keys and network file live. */
  dir: string;
  /** The public key directory as it was at start. */
  directory: KeyDirectory;
  launched: LaunchedNetwork;
  customers: DemoCustomer[];
  /** The app's client of each PSP, by participant id. */
  clients: Map<string, PspClient>;
  /** The network's phones: one-time codes arrive there by SMS (onboarding reads them). */
  phones: PhoneNetwork;
  urlOf(participant: string): string;
  databaseUrlOf(participant: string): string;
  /** The X-Operator-Key of that participant's operator endpoints (each service has its own). */
  operatorKey(participant: string): string;
  /** The broker as that participant's own least-privilege login. */
  amqpUrlOf(participant: string): string;
  stop(): Promise<void>;
};

export type IsolatedNetworkOptions = {
  postgresUrl: string;
  amqpUrl: string;
  /** RabbitMQ's management API, to create and delete the network's broker users. */
  managementUrl: string;
  /** Keep the folder (logs, keys) after stop(). */
  keepFiles?: boolean;
  /** Keep the databases after stop() (for a look afterwards). */
  keepDatabases?: boolean;
  /** Names the prefix (`<label><run>.`), databases (`<label>_<run>_…`) and folder; default e2e. */
  label?: string;
  env?: Record<string, string>;
  envFor?: Record<string, Record<string, string>>;
  customers?: DemoCustomer[];
  portOffset?: number;
};

/** @throws what creating the databases, seeding or launching throws (a launch failure stops what started) */
export const startIsolatedNetwork = async (options: IsolatedNetworkOptions): Promise<IsolatedNetwork> => {
  const run = randomBytes(3).toString('hex');
  const base = loadNetwork();
  const offset = options.portOffset ?? 20_000 + (parseInt(run, 16) % 200) * 10;
  const label = options.label ?? 'e2e';
  const rename = (database: string): string => `${label}_${run}_${database.replace(/^sy_/, '')}`;
  const network: Network = {
    prefix: `${label}${run}.`,
    switch: { ...base.switch, httpPort: offset, database: rename(base.switch.database) },
    psps: base.psps.map((p, i) => ({ ...p, httpPort: offset + 1 + i, database: rename(p.database) })),
    banks: base.banks.map((b, i) => ({ ...b, httpPort: offset + 5 + i, database: rename(b.database) })),
  };
  const dir = await mkdtemp(join(tmpdir(), `sy-${label}-${run}-`));
  const networkFile = join(dir, 'network.json');
  await writeFile(networkFile, JSON.stringify(network, null, 2));
  const keysDir = join(dir, 'keys');
  await generateKeys({ dir: keysDir, participants: participantsOf(network) });
  await ensureSecrets(keysDir, network);
  const broker = { network, amqpUrl: options.amqpUrl, managementUrl: options.managementUrl };
  await setUpBroker({ ...broker, keysDir }, () => undefined);
  const customers = options.customers ?? loadDemoCustomers();
  const all = [network.switch, ...network.psps, ...network.banks];
  for (const entry of all) await createDatabase(options.postgresUrl, entry.database);
  await seedBanks({ network, postgresUrl: options.postgresUrl, customers });
  const launched = await launchNetwork({
    network,
    networkFile,
    postgresUrl: options.postgresUrl,
    amqpUrl: options.amqpUrl,
    keysDir,
    logsDir: join(dir, 'logs'),
    detached: false,
    env: options.env,
    envFor: options.envFor,
  });
  const urlOf = (participant: string): string => launched.byId(participant).url;
  const phones = await connectPhoneNetwork({ amqpUrl: options.amqpUrl, prefix: network.prefix });
  return {
    network,
    networkFile,
    keysDir,
    dir,
    directory: loadKeyDirectory(keysDir),
    launched,
    customers,
    clients: appClients(network.psps, (p) => urlOf(p.id)),
    phones,
    urlOf,
    databaseUrlOf: (participant) =>
      databaseUrl(options.postgresUrl, all.find((e) => e.id === participant)!.database),
    operatorKey: (participant) => operatorKeyOf(keysDir, participant),
    amqpUrlOf: (participant) =>
      amqpUrlFor(
        options.amqpUrl,
        brokerUserName(network.prefix, participant),
        loadServiceSecrets(keysDir, participant).amqpPassword,
      ),
    async stop() {
      await phones.close();
      await launched.stop();
      await deleteBrokerObjects(options.amqpUrl, network);
      await deleteBrokerUsers(broker);
      if (!options.keepDatabases)
        for (const entry of all) await dropDatabase(options.postgresUrl, entry.database);
      if (!options.keepFiles) await rm(dir, { recursive: true, force: true });
    },
  };
};
