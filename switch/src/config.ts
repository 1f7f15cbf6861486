/**
 * The switch's configuration: the only place that reads the environment (docs/architecture.md §4.6). The
 * settings every service shares come from the chassis (infra loadServiceConfig); these are the switch's own.
 * Timers default to the UPI limits of 16 Jun 2025 (docs/upi.md §5): 15 s debit/credit, 10 s reversal and
 * address resolution.
 */
import { Type } from 'typebox';
import { loadServiceConfig, type ServiceConfig } from '@switchyard/infra';
import type { LegTimeoutsMs } from './handlers/handlerDeps.ts';
import { SwitchError } from './errors.ts';

const timeoutMs = (defaultMs: number) => Type.Integer({ default: defaultMs, minimum: 10, maximum: 600_000 });

const SwitchSettings = {
  SY_AUTH_TIMEOUT_MS: timeoutMs(10_000),
  SY_DEBIT_TIMEOUT_MS: timeoutMs(15_000),
  SY_CREDIT_TIMEOUT_MS: timeoutMs(15_000),
  SY_DEBIT_REVERSAL_TIMEOUT_MS: timeoutMs(10_000),
  SY_CREDIT_REVERSAL_TIMEOUT_MS: timeoutMs(10_000),
  /** How often due deadlines are fired; the timers' resolution. */
  SY_SWEEPER_INTERVAL_MS: Type.Integer({ default: 500, minimum: 10, maximum: 60_000 }),
  /** Extra wait past due_at before firing (0: deadline rows are the only timer path). */
  SY_SWEEPER_GRACE_MS: Type.Integer({ default: 0, minimum: 0, maximum: 60_000 }),
  /** P2P per-transaction cap in paise: ₹1,00,000 (docs/upi.md §9); above it → U02. */
  SY_P2P_AMOUNT_MINOR_MAX: Type.Integer({ default: 10_000_000, minimum: 1, maximum: 1_000_000_000 }),
  SY_PREFETCH: Type.Integer({ default: 100, minimum: 1, maximum: 1_000 }),
};

export type Config = Readonly<
  ServiceConfig & {
    timeoutsMs: Readonly<LegTimeoutsMs>;
    sweeper: Readonly<{ intervalMs: number; graceMs: number }>;
    amountMinorMax: number;
    prefetch: number;
  }
>;

/**
 * Reads and validates the environment.
 * @throws SwitchError SWITCH_ERR_CONFIG naming the missing or invalid variable, or a participant the network lacks
 */
export const loadConfig = (env: Record<string, string | undefined> = process.env): Config => {
  const { service, settings } = loadServiceConfig({
    role: 'switch',
    settings: SwitchSettings,
    env,
    fail: (message, cause) => new SwitchError('SWITCH_ERR_CONFIG', message, { cause }),
  });
  return Object.freeze({
    ...service,
    timeoutsMs: Object.freeze({
      AUTH: settings.SY_AUTH_TIMEOUT_MS,
      DEBIT: settings.SY_DEBIT_TIMEOUT_MS,
      CREDIT: settings.SY_CREDIT_TIMEOUT_MS,
      DEBIT_REVERSAL: settings.SY_DEBIT_REVERSAL_TIMEOUT_MS,
      CREDIT_REVERSAL: settings.SY_CREDIT_REVERSAL_TIMEOUT_MS,
    }),
    sweeper: Object.freeze({
      intervalMs: settings.SY_SWEEPER_INTERVAL_MS,
      graceMs: settings.SY_SWEEPER_GRACE_MS,
    }),
    amountMinorMax: settings.SY_P2P_AMOUNT_MINOR_MAX,
    prefetch: settings.SY_PREFETCH,
  });
};
