/**
 * The switch's handler deps for tests: what the harness and the handler world share. Timers of the
 * resolution legs and forwards default to the flow's reversal timer; the window, status-check rules and
 * breakers default to values that stay out of a test's way unless it sets them.
 */
import { newMessageId } from '@switchyard/contracts';
import type { Log } from '@switchyard/infra';
import type { Deadlines, Outbox } from '@switchyard/outbox';
import { createBankBreakers, type BreakerSettings } from '../../../src/breakers.ts';
import type { StatusCheckRules } from '../../../src/domain/decideStatusCheck.ts';
import type {
  ForwardTimeoutsMs,
  HandlerDeps,
  LegTimeoutsMs,
  ResolutionSettings,
} from '../../../src/handlers/handlerDeps.ts';
import type { Routes } from '../../../src/handlers/routes.ts';

export type TestTimeoutsMs = Omit<LegTimeoutsMs, 'CREDIT_CHECK' | 'AUTO_REVERSAL'> & Partial<LegTimeoutsMs>;

export type SwitchTestOptions = {
  forwardTimeoutsMs?: Partial<ForwardTimeoutsMs>;
  resolution?: Partial<ResolutionSettings>;
  statusChecks?: Partial<StatusCheckRules>;
  breakers?: Partial<BreakerSettings>;
  banks?: readonly string[];
};

export const testHandlerDeps = (
  base: { switchId: string; outbox: Outbox; deadlines: Deadlines; routes: Routes; log: Log },
  timeoutsMs: TestTimeoutsMs,
  options: SwitchTestOptions = {},
): HandlerDeps => ({
  ...base,
  timeoutsMs: {
    CREDIT_CHECK: timeoutsMs.CREDIT_REVERSAL,
    AUTO_REVERSAL: timeoutsMs.DEBIT_REVERSAL,
    ...timeoutsMs,
  },
  forwardTimeoutsMs: {
    VALADD: 10_000,
    LIST_ACCOUNT: 10_000,
    SET_CRE: 10_000,
    OTP: 10_000,
    ...options.forwardTimeoutsMs,
  },
  resolution: { windowMs: 600_000, reversalAttemptsMax: 3, backoffMaxMs: 60_000, ...options.resolution },
  statusChecks: { delayMinMs: 0, checksMax: 3, ...options.statusChecks },
  breakers: createBankBreakers(
    options.banks ?? ['bank.lotus', 'bank.banyan'],
    { errorPercentMax: 50, volumeMin: 1_000, windowMs: 10_000, resetMs: 1_000, ...options.breakers },
    base.log,
  ),
  amountMinorMax: 10_000_000,
  now: () => new Date(),
  newMessageId: () => newMessageId(),
});
