/** @switchyard/psp: what other workspaces (the app, tools, e2e tests) use. The service itself starts with main.ts. */
export { pspMigrations } from './db/pspMigrations.ts';
export { buildApp, type BuildAppDeps } from './http/app.ts';
export { createHandlers, type HandlerDeps } from './handlers/index.ts';
export { loadConfig, type Config, type Limits } from './config.ts';
export { createAdmission, type Admission } from './runtime/admission.ts';
export { createStatusHub, type StatusHub } from './runtime/statusHub.ts';
export { createUpstreamWaiters, type UpstreamWaiters } from './runtime/upstreamWaiters.ts';
export { paymentView, type PaymentView, type LegView } from './domain/paymentView.ts';
export { findPaymentSides } from './db/paymentsDb.ts';
export type { PaymentStatus, PaymentRole } from './domain/types.ts';
export type { PspErrorCode } from './errors.ts';
