/** What every switch handler is built from: injected by main.ts (or a test), never imported. */
import type { ForwardKind } from '@switchyard/contracts';
import type { Log } from '@switchyard/infra';
import type { Deadlines, Outbox } from '@switchyard/outbox';
import type { BankBreakers } from '../breakers.ts';
import type { StatusCheckRules } from '../domain/decideStatusCheck.ts';
import type { LegKind, ResolutionPolicy } from '../domain/payment.ts';
import type { Routes } from './routes.ts';

export type LegTimeoutsMs = Record<LegKind, number>;
export type ForwardTimeoutsMs = Record<ForwardKind, number>;
/** The resolution policy decide() follows, plus the cap of its doubling timers. */
export type ResolutionSettings = ResolutionPolicy & { backoffMaxMs: number };

export type HandlerDeps = {
  switchId: string;
  outbox: Outbox;
  deadlines: Deadlines;
  routes: Routes;
  timeoutsMs: LegTimeoutsMs;
  forwardTimeoutsMs: ForwardTimeoutsMs;
  resolution: ResolutionSettings;
  statusChecks: StatusCheckRules;
  /** I/O state: which banks' circuit breakers are open, fed with every bank leg's outcome. */
  breakers: BankBreakers;
  /** The P2P per-transaction cap in paise (U02 above it). */
  amountMinorMax: number;
  now: () => Date;
  newMessageId: () => string;
  log: Log;
};

/** A leg's timer: the leg's timeout, doubled each attempt (backoff), capped at backoffMaxMs. */
export const timerMsFor = (deps: HandlerDeps, leg: LegKind, attempt: number): number => {
  const base = deps.timeoutsMs[leg];
  return Math.min(base * 2 ** (attempt - 1), Math.max(base, deps.resolution.backoffMaxMs));
};

/** The decision policy of a payment command. */
export const policyOf = (deps: HandlerDeps): ResolutionPolicy => ({
  windowMs: deps.resolution.windowMs,
  reversalAttemptsMax: deps.resolution.reversalAttemptsMax,
});
