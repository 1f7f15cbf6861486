/** What every switch handler is built from: injected by main.ts (or a test), never imported. */
import type { Log } from '@switchyard/infra';
import type { Deadlines, Outbox } from '@switchyard/outbox';
import type { LegKind } from '../domain/payment.ts';
import type { Routes } from './routes.ts';

export type LegTimeoutsMs = Record<LegKind, number>;

export type HandlerDeps = {
  switchId: string;
  outbox: Outbox;
  deadlines: Deadlines;
  routes: Routes;
  timeoutsMs: LegTimeoutsMs;
  /** The P2P per-transaction cap in paise (U02 above it). */
  amountMinorMax: number;
  now: () => Date;
  newMessageId: () => string;
  log: Log;
};
