/**
 * The PSP's configuration: the only place that reads the environment (docs/architecture.md §4.6). The
 * settings every service shares come from the chassis (infra loadServiceConfig); these are the PSP's own. Its
 * handle and txn-id prefix come from the network file. Fails fast with a message naming the bad variable.
 */
import { Type } from 'typebox';
import { loadServiceConfig, type HttpLimits, type ServiceConfig } from '@switchyard/infra';
import type { StatusCheckRules } from './domain/statusCheck.ts';
import { PspError } from './errors.ts';

const PspSettings = {
  SY_PARTICIPANT: Type.String({ pattern: '^psp\\.[a-z0-9-]{1,40}$' }),
  /**
   * Admission control: payments accepted but not yet final. The ceiling of the adaptive limit, and the
   * fixed limit when SY_ADMISSION_LATENCY_TARGET_MS is 0.
   */
  SY_PAYMENTS_IN_FLIGHT_MAX: Type.Integer({ default: 200, minimum: 1, maximum: 100_000 }),
  /**
   * The floor of the adaptive limit (at most SY_PAYMENTS_IN_FLIGHT_MAX). 32: above the largest burst the
   * end-to-end tests and demos send (the mixed run's 24 concurrent payers, who may all bank with one PSP;
   * the load scenarios' 10/s per PSP at up to 3 s), so that a slow, busy box that has pushed the limit down
   * still admits them.
   */
  SY_PAYMENTS_IN_FLIGHT_MIN: Type.Integer({ default: 32, minimum: 1, maximum: 100_000 }),
  /**
   * The end-to-end p99 (accepted → final) the admission limit steers to: over it the limit shrinks
   * (× 0.9), under it the limit grows by one when it was reached. 0: no adaptation.
   */
  SY_ADMISSION_LATENCY_TARGET_MS: Type.Integer({ default: 250, minimum: 0, maximum: 600_000 }),
  /** A latency window lasts at least this long and holds at least SY_ADMISSION_WINDOW_SAMPLES_MIN payments. */
  SY_ADMISSION_WINDOW_MS: Type.Integer({ default: 1_000, minimum: 0, maximum: 600_000 }),
  SY_ADMISSION_WINDOW_SAMPLES_MIN: Type.Integer({ default: 20, minimum: 1, maximum: 1_000 }),
  /** Per-user quota: one user's payments accepted but not yet final (429 with Retry-After beyond it). */
  SY_PAYMENTS_IN_FLIGHT_PER_USER_MAX: Type.Integer({ default: 10, minimum: 1, maximum: 10_000 }),
  /** Registrations (each sends an SMS) per mobile number within SY_REGISTRATION_WINDOW_MS. */
  SY_REGISTRATIONS_PER_MOBILE_MAX: Type.Integer({ default: 5, minimum: 1, maximum: 1_000 }),
  SY_REGISTRATION_WINDOW_MS: Type.Integer({ default: 900_000, minimum: 1_000 }),
  /** Registrations per minute over all numbers: bounds the SMS this PSP can be made to send. */
  SY_REGISTRATIONS_PER_MINUTE_MAX: Type.Integer({ default: 120, minimum: 1, maximum: 100_000 }),
  /** A pending payment older than this no longer counts as in flight (the switch lost it). */
  SY_PAYMENT_IN_FLIGHT_AGE_MS_MAX: Type.Integer({ default: 120_000, minimum: 1_000 }),
  /**
   * How long a synchronous call (discover, validate, PIN) waits for the network's answer. Longer than the
   * switch's timers on forwarded requests (10–15 s), so the switch's UPI code (U93, U28) arrives first and a
   * bare 504 means the switch itself is unreachable.
   */
  SY_UPSTREAM_TIMEOUT_MS: Type.Integer({ default: 20_000, minimum: 100, maximum: 60_000 }),
  /** Status checks (docs/upi.md §6.3): the n-th no earlier than n × this after the payment started; at most N. */
  SY_CHK_TXN_DELAY_MIN_MS: Type.Integer({ default: 90_000, minimum: 0, maximum: 3_600_000 }),
  SY_CHK_TXN_CHECKS_MAX: Type.Integer({ default: 3, minimum: 1, maximum: 100 }),
  /** How often the background checker looks for payments whose next status check is due. */
  SY_STATUS_CHECK_INTERVAL_MS: Type.Integer({ default: 5_000, minimum: 10, maximum: 600_000 }),
  SY_UPSTREAM_WAITS_MAX: Type.Integer({ default: 500, minimum: 1 }),
  SY_WS_CONNECTIONS_PER_USER_MAX: Type.Integer({ default: 4, minimum: 1, maximum: 100 }),
  SY_WS_CONNECTIONS_MAX: Type.Integer({ default: 5_000, minimum: 1 }),
  /** Server pings; a socket that missed the previous pong is terminated (frees its slot). */
  SY_WS_PING_INTERVAL_MS: Type.Integer({ default: 30_000, minimum: 100 }),
  SY_PAYMENTS_PAGE_SIZE_MAX: Type.Integer({ default: 100, minimum: 1, maximum: 1_000 }),
  SY_IDEMPOTENCY_RETENTION_MS: Type.Integer({ default: 86_400_000, minimum: 60_000 }),
  /** scrypt cost of registration-code verifiers: 2^14 ≈ 16 MB and tens of ms (users/otpCodes.ts). */
  SY_OTP_SCRYPT_N: Type.Integer({ default: 16_384, minimum: 16, maximum: 1_048_576 }),
};

export type Limits = HttpLimits & {
  paymentsInFlightMax: number;
  paymentsInFlightMin: number;
  paymentsInFlightPerUserMax: number;
  admissionLatencyTargetMs: number;
  admissionWindowMs: number;
  admissionWindowSamplesMin: number;
  registrationsPerMobileMax: number;
  registrationWindowMs: number;
  registrationsPerMinuteMax: number;
  paymentInFlightAgeMsMax: number;
  upstreamTimeoutMs: number;
  upstreamWaitsMax: number;
  wsConnectionsPerUserMax: number;
  wsConnectionsMax: number;
  wsPingIntervalMs: number;
  paymentsPageSizeMax: number;
};

export type Config = Readonly<
  ServiceConfig & {
    /** VPA handle owned by this PSP (`zap`), lower case. */
    handle: string;
    /** The PSP's name from the network file ("ZapPay"): how its SMS name it. */
    pspName: string;
    /** NPCI-issued 3-character txn id prefix (`ZAP`). */
    txnPrefix: string;
    idempotencyRetentionMs: number;
    otpScryptN: number;
    limits: Readonly<Limits>;
    statusChecks: Readonly<StatusCheckRules>;
    statusCheckIntervalMs: number;
  }
>;

/**
 * Reads and validates the environment.
 * @throws PspError PSP_ERR_CONFIG naming the variable that is missing or invalid, or the participant the
 *   network lacks.
 */
export const loadConfig = (env: Record<string, string | undefined> = process.env): Config => {
  const fail = (message: string, cause?: unknown) => new PspError('PSP_ERR_CONFIG', message, { cause });
  const { service, settings } = loadServiceConfig({ role: 'psp', settings: PspSettings, env, fail });
  const self = service.network.psps.find((psp) => psp.id === service.participant);
  if (self === undefined) throw fail(`${service.participant} is not a PSP of the network`);
  return Object.freeze({
    ...service,
    handle: self.handle.toLowerCase(),
    pspName: self.name,
    txnPrefix: self.txnPrefix,
    idempotencyRetentionMs: settings.SY_IDEMPOTENCY_RETENTION_MS,
    otpScryptN: settings.SY_OTP_SCRYPT_N,
    statusChecks: Object.freeze({
      delayMinMs: settings.SY_CHK_TXN_DELAY_MIN_MS,
      checksMax: settings.SY_CHK_TXN_CHECKS_MAX,
    }),
    statusCheckIntervalMs: settings.SY_STATUS_CHECK_INTERVAL_MS,
    limits: Object.freeze({
      ...service.httpLimits,
      paymentsInFlightMax: settings.SY_PAYMENTS_IN_FLIGHT_MAX,
      paymentsInFlightMin: settings.SY_PAYMENTS_IN_FLIGHT_MIN,
      paymentsInFlightPerUserMax: settings.SY_PAYMENTS_IN_FLIGHT_PER_USER_MAX,
      admissionLatencyTargetMs: settings.SY_ADMISSION_LATENCY_TARGET_MS,
      admissionWindowMs: settings.SY_ADMISSION_WINDOW_MS,
      admissionWindowSamplesMin: settings.SY_ADMISSION_WINDOW_SAMPLES_MIN,
      registrationsPerMobileMax: settings.SY_REGISTRATIONS_PER_MOBILE_MAX,
      registrationWindowMs: settings.SY_REGISTRATION_WINDOW_MS,
      registrationsPerMinuteMax: settings.SY_REGISTRATIONS_PER_MINUTE_MAX,
      paymentInFlightAgeMsMax: settings.SY_PAYMENT_IN_FLIGHT_AGE_MS_MAX,
      upstreamTimeoutMs: settings.SY_UPSTREAM_TIMEOUT_MS,
      upstreamWaitsMax: settings.SY_UPSTREAM_WAITS_MAX,
      wsConnectionsPerUserMax: settings.SY_WS_CONNECTIONS_PER_USER_MAX,
      wsConnectionsMax: settings.SY_WS_CONNECTIONS_MAX,
      wsPingIntervalMs: settings.SY_WS_PING_INTERVAL_MS,
      paymentsPageSizeMax: settings.SY_PAYMENTS_PAGE_SIZE_MAX,
    }),
  });
};
