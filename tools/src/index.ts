/**
 * @switchyard/tools: what the end-to-end tests use of the tooling — the launcher, the demo customers,
 * the one onboarding and bank seeding, and the money-invariant check. The command-line tools themselves
 * are src/cli/*.ts (the Makefile runs them).
 */
export {
  launchNetwork,
  servicesOf,
  stopProcess,
  waitForHealth,
  type LaunchedNetwork,
  type LaunchOptions,
  type RunningService,
  type ServiceSpec,
} from './network/launchNetwork.ts';
export { localSettings, REPO_ROOT, type LocalSettings } from './config.ts';
export {
  ensureSecrets,
  loadPeopleSecrets,
  loadServiceSecrets,
  operatorKeyOf,
  type PeopleSecrets,
} from './network/secrets.ts';
export { deleteBrokerUsers, setUpBroker } from './network/brokerSetup.ts';
export { DEMO_CUSTOMERS_FILE, loadDemoCustomers, type DemoCustomer } from './demo/demoCustomers.ts';
export { appClients } from './demo/appClients.ts';
export { onboard, type OnboardOptions, type Onboarded } from './demo/onboard.ts';
export { seedBanks, type SeedBanksOptions, type SeededBank } from './demo/seedBanks.ts';
export { checkInvariants, type InvariantReport } from './check/checkInvariants.ts';
export { faultsClient, type FaultsClient } from './faults/faultsClient.ts';
export { MAGIC_FAULTS_FILE } from './faults/magicFaults.ts';
export {
  startIsolatedNetwork,
  type IsolatedNetwork,
  type IsolatedNetworkOptions,
} from './network/isolatedNetwork.ts';
export { runChaos, chaosLines, type ChaosOptions, type ChaosReport } from './chaos/runChaos.ts';
export { buildWebApp, appServerOptionsFor, appAddressFor } from './app/webApp.ts';
