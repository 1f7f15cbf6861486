/**
 * @switchyard/psp/testing: one PSP in-process (its own database, test keys, the real handlers and HTTP
 * app; the test plays the switch) for other workspaces' tests and benchmarks — the app's client tests,
 * the tools' ingress benchmark. Not for production code.
 */
export {
  startPspTestApp,
  testLimits,
  PSP,
  type PspTestApp,
  type OutboxMessage,
  type SentSms,
} from './pspTestApp.ts';
export { respPayFor } from './payFlow.ts';
export { account, nextMobile, registerUser, type TestUser } from './users.ts';
/** Links accounts to a user as if the bank had listed them (no bank needed). */
export { upsertDiscoveredAccounts } from '../../../src/db/accountsDb.ts';
