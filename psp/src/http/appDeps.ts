/** What buildApp() is built from: concrete pieces are made in main.ts (or by a test). */
import type { KeyDirectory } from '@switchyard/contracts';
import type { Db, Log, Network } from '@switchyard/infra';
import type { Outbox } from '@switchyard/outbox';
import type { Limits } from '../config.ts';
import type { Admission } from '../runtime/admission.ts';
import type { DeadLetterTools } from '../runtime/deadLetterTools.ts';
import type { StatusHub } from '../runtime/statusHub.ts';
import type { UpstreamWaiters } from '../runtime/upstreamWaiters.ts';
import type { UpstreamDeps } from '../upstream/callUpstream.ts';

export type AppDeps = {
  participant: string;
  handle: string;
  txnPrefix: string;
  network: Network;
  operatorKey: string;
  limits: Limits;
  db: Db;
  outbox: Outbox;
  directory: KeyDirectory;
  hub: StatusHub;
  waiters: UpstreamWaiters;
  admission: Admission;
  log: Log;
  now: () => Date;
  newMessageId: () => string;
  /** Operator DLQ tools; absent when the app runs without a broker (then those endpoints answer 503). */
  deadLetters?: DeadLetterTools;
  /** Extra health probes (e.g. the broker connection); /health is 503 when one returns false. */
  healthChecks?: Record<string, () => boolean | Promise<boolean>>;
};

/** The part of AppDeps the synchronous-over-async calls use. */
export const upstreamOf = (deps: AppDeps): UpstreamDeps => ({
  db: deps.db,
  waiters: deps.waiters,
  upstreamTimeoutMs: deps.limits.upstreamTimeoutMs,
});
