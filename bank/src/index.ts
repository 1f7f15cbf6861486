/**
 * What other workspaces (the network invariant command, e2e tests, scripts) use from the bank: its
 * migrations, the seeding function, the ledger check, and the handlers for tests that run a bank in-process.
 */
export { bankMigrations } from './db/bankMigrations.ts';
export { checkLedger, type LedgerBreach, type LedgerCheck, type LedgerTotals } from './db/checkLedger.ts';
export {
  ledgerSnapshot,
  legAmountsByTxn,
  type LedgerSnapshot,
  type TxnLegAmounts,
} from './db/ledgerSnapshot.ts';
export {
  seedBank,
  openingTxnIdOf,
  type SeedBankOptions,
  type SeedCustomer,
  type SeedResult,
} from './db/seedBank.ts';
export { legsOfTxn, type LegRecord } from './db/legsDb.ts';
export { createPinHasher, type PinHasher, type PinHasherOptions } from './hsm/pinHasher.ts';
export { createCredsReader } from './hsm/credsReader.ts';
export { createHandlers, type HandlerDeps } from './handlers/index.ts';
export { buildApp, type AppDeps } from './http/app.ts';
export { BankError, type BankErrorCode } from './errors.ts';
export { insertLedgerHistory, type LedgerHistoryClone } from './db/ledgerHistory.ts';
