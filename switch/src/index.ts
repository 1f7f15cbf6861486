/**
 * What other workspaces and the lead's tools use from the switch (services never import each other;
 * this is for tests, the invariant check and scripts).
 */
export { switchMigrations } from './db/switchMigrations.ts';
export {
  paymentLegTotals,
  UNCERTAIN_STATUSES,
  type BankLegTotals,
  type PaymentLegTotals,
  type PaymentSummary,
} from './db/paymentLegTotals.ts';
export { paymentLegs, type PaymentLegs } from './db/paymentLegs.ts';
export { rebuildAll, type RebuildMismatch, type RebuildReport } from './db/rebuildAll.ts';
export { paymentStats, type PaymentStats } from './db/statsDb.ts';
export { findPayment, paymentEvents } from './db/paymentsDb.ts';
export type { PaymentLine } from './domain/paymentLineOf.ts';
export { createHandlers } from './handlers/index.ts';
export { createRoutes, type Routes } from './handlers/routes.ts';
export type { HandlerDeps, LegTimeoutsMs } from './handlers/handlerDeps.ts';
export { buildApp } from './http/app.ts';
export { loadConfig, type Config } from './config.ts';
export { journeyOf, type Hop } from './domain/journeyOf.ts';
export type { PaymentState, PaymentStatus, TerminalStatus, Payment, LegKind } from './domain/payment.ts';
export type { PaymentEvent } from './domain/paymentEvents.ts';
export {
  historyTemplates,
  insertPaymentHistory,
  type HistoryClone,
  type HistoryTemplate,
} from './db/paymentHistory.ts';
