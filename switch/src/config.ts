/**
 * The switch's configuration: the only place that reads the environment (docs/architecture.md §4.6). The settings
 * every service shares come from the chassis (infra loadServiceConfig); these are the switch's own.
 * Timers default to the UPI limits of 16 Jun 2025 (docs/upi.md §5): 15 s debit/credit, 10 s reversal, check
 * status and address resolution. Resolution, status-check and breaker settings: docs/upi.md §6.5, §6.3, §6.6.
 */
import { Type } from 'typebox';
import { loadServiceConfig, type ServiceConfig } from '@switchyard/infra';
import type { BreakerSettings } from './breakers.ts';
import type { ForwardTimeoutsMs, LegTimeoutsMs, ResolutionSettings } from './handlers/handlerDeps.ts';
import type { StatusCheckRules } from './domain/decideStatusCheck.ts';
import { SwitchError } from './errors.ts';

const timeoutMs = (defaultMs: number) => Type.Integer({ default: defaultMs, minimum: 10, maximum: 600_000 });

const SwitchSettings = {
  SY_AUTH_TIMEOUT_MS: timeoutMs(10_000),
  SY_DEBIT_TIMEOUT_MS: timeoutMs(15_000),
  SY_CREDIT_TIMEOUT_MS: timeoutMs(15_000),
  SY_DEBIT_REVERSAL_TIMEOUT_MS: timeoutMs(10_000),
  SY_CREDIT_REVERSAL_TIMEOUT_MS: timeoutMs(10_000),
  /** Resolution legs: ask the beneficiary bank if a DEEMED credit stands; tell the remitter to auto-reverse. */
  SY_CREDIT_CHECK_TIMEOUT_MS: timeoutMs(10_000),
  SY_AUTO_REVERSAL_TIMEOUT_MS: timeoutMs(10_000),
  /** Forwarded requests: the switch answers the PSP with a UPI code when the far side is silent. */
  SY_VALADD_TIMEOUT_MS: timeoutMs(10_000),
  SY_LIST_ACCOUNT_TIMEOUT_MS: timeoutMs(10_000),
  SY_SET_CRE_TIMEOUT_MS: timeoutMs(15_000),
  SY_OTP_TIMEOUT_MS: timeoutMs(10_000),
  /** How long a payment may stay uncertain (DEEMED, RR, U33): the T+1 stand-in. `make check` fails past it. */
  SY_DEEMED_WINDOW_MS: Type.Integer({ default: 86_400_000, minimum: 100, maximum: 7 * 86_400_000 }),
  /** Debit reversal requests before the remitter bank is asked to auto-reverse. */
  SY_REVERSAL_ATTEMPTS_MAX: Type.Integer({ default: 3, minimum: 1, maximum: 20 }),
  /** Resolution legs' timers double each attempt up to this. */
  SY_RESOLUTION_BACKOFF_MAX_MS: Type.Integer({ default: 300_000, minimum: 10, maximum: 3_600_000 }),
  /** ReqChkTxn (docs/upi.md §6.3): not before this delay after the switch received the payment; at most N per PSP. */
  SY_CHK_TXN_DELAY_MIN_MS: Type.Integer({ default: 90_000, minimum: 0, maximum: 3_600_000 }),
  SY_CHK_TXN_CHECKS_MAX: Type.Integer({ default: 3, minimum: 1, maximum: 100 }),
  /** Circuit breaker per bank (opossum): opens above this failure share once the window holds N outcomes. */
  SY_BREAKER_ERROR_PERCENT: Type.Integer({ default: 50, minimum: 1, maximum: 100 }),
  SY_BREAKER_VOLUME_MIN: Type.Integer({ default: 10, minimum: 1, maximum: 10_000 }),
  SY_BREAKER_WINDOW_MS: Type.Integer({ default: 30_000, minimum: 100, maximum: 600_000 }),
  SY_BREAKER_RESET_MS: Type.Integer({ default: 15_000, minimum: 10, maximum: 600_000 }),
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
    forwardTimeoutsMs: Readonly<ForwardTimeoutsMs>;
    resolution: Readonly<ResolutionSettings>;
    statusChecks: Readonly<StatusCheckRules>;
    breakers: Readonly<BreakerSettings>;
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
      CREDIT_CHECK: settings.SY_CREDIT_CHECK_TIMEOUT_MS,
      AUTO_REVERSAL: settings.SY_AUTO_REVERSAL_TIMEOUT_MS,
    }),
    forwardTimeoutsMs: Object.freeze({
      VALADD: settings.SY_VALADD_TIMEOUT_MS,
      LIST_ACCOUNT: settings.SY_LIST_ACCOUNT_TIMEOUT_MS,
      SET_CRE: settings.SY_SET_CRE_TIMEOUT_MS,
      OTP: settings.SY_OTP_TIMEOUT_MS,
    }),
    resolution: Object.freeze({
      windowMs: settings.SY_DEEMED_WINDOW_MS,
      reversalAttemptsMax: settings.SY_REVERSAL_ATTEMPTS_MAX,
      backoffMaxMs: settings.SY_RESOLUTION_BACKOFF_MAX_MS,
    }),
    statusChecks: Object.freeze({
      delayMinMs: settings.SY_CHK_TXN_DELAY_MIN_MS,
      checksMax: settings.SY_CHK_TXN_CHECKS_MAX,
    }),
    breakers: Object.freeze({
      errorPercentMax: settings.SY_BREAKER_ERROR_PERCENT,
      volumeMin: settings.SY_BREAKER_VOLUME_MIN,
      windowMs: settings.SY_BREAKER_WINDOW_MS,
      resetMs: settings.SY_BREAKER_RESET_MS,
    }),
    sweeper: Object.freeze({
      intervalMs: settings.SY_SWEEPER_INTERVAL_MS,
      graceMs: settings.SY_SWEEPER_GRACE_MS,
    }),
    amountMinorMax: settings.SY_P2P_AMOUNT_MINOR_MAX,
    prefetch: settings.SY_PREFETCH,
  });
};
