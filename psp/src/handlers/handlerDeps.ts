/** What every handler is built from (wired in main.ts; tests pass their own). */
import type { Log } from '@switchyard/infra';
import type { Outbox } from '@switchyard/outbox';
import type { Admission } from '../runtime/admission.ts';
import type { StatusHub } from '../runtime/statusHub.ts';
import type { UpstreamWaiters } from '../runtime/upstreamWaiters.ts';

export type HandlerDeps = {
  participant: string;
  outbox: Outbox;
  hub: StatusHub;
  waiters: UpstreamWaiters;
  admission: Admission;
  now: () => Date;
  newMessageId: () => string;
  log: Log;
};

export { SWITCH } from '../domain/types.ts';
