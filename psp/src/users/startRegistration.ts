import { randomUUID } from 'node:crypto';
import type { Db, SmsSender } from '@switchyard/infra';
import { insertRegistration } from '../db/registrationsDb.ts';
import { PspError } from '../errors.ts';
import type { RateLimiter } from '../runtime/rateLimiter.ts';
import type { OtpCodes } from './otpCodes.ts';

/** How long a registration's code is valid. */
const REGISTRATION_TTL_MS = 5 * 60 * 1000;

export type StartRegistrationDeps = {
  db: Db;
  sms: SmsSender;
  otpCodes: OtpCodes;
  /** Registrations per mobile number, and over all numbers (each sends an SMS). */
  registrationsPerMobile: RateLimiter;
  registrationsOverall: RateLimiter;
  /** How SMS name this PSP ("ZapPay"). */
  pspName: string;
  now: () => Date;
};
export type StartRegistrationCommand = { name: string; mobile: string; deviceId: string };
export type RegistrationStarted = { registrationId: string; expiresAt: string };

const OVERALL = '*';

const smsText = (pspName: string, code: string): string =>
  `${code} is your ${pspName} code to register this phone for UPI. It expires in 5 minutes. ` +
  'Never share it with anyone: nobody from the bank or the app will ask for it.';

/**
 * Step 1 of registration (= device binding): store a pending registration and send a one-time code by
 * SMS to the mobile. The answer is the same whether the mobile is known or not (no number enumeration),
 * and nothing changes for an existing user until the code is verified (verifyRegistration). The SMS
 * leaves after the row is committed (one statement): if the phone network does not confirm it, the
 * caller gets 503 and registers again — a code nobody received is harmless.
 * @throws PspError PSP_ERR_TOO_MANY_REGISTRATIONS (rate limits, with Retry-After), PSP_ERR_UNAVAILABLE (SMS
 *   not confirmed)
 */
export const startRegistration = async (
  deps: StartRegistrationDeps,
  command: StartRegistrationCommand,
): Promise<RegistrationStarted> => {
  const now = deps.now();
  const nowMs = now.getTime();
  const waitMs = Math.max(
    deps.registrationsPerMobile.waitMs(command.mobile, nowMs),
    deps.registrationsOverall.waitMs(OVERALL, nowMs),
  );
  if (waitMs > 0) {
    throw new PspError('PSP_ERR_TOO_MANY_REGISTRATIONS', 'too many registrations; retry later', {
      retryAfterSeconds: Math.ceil(waitMs / 1000),
    });
  }
  deps.registrationsPerMobile.record(command.mobile, nowMs);
  deps.registrationsOverall.record(OVERALL, nowMs);
  const { code, verifier } = await deps.otpCodes.issue();
  const registrationId = randomUUID();
  const expiresAt = new Date(nowMs + REGISTRATION_TTL_MS);
  await insertRegistration(deps.db.pool, {
    registrationId,
    name: command.name,
    mobile: command.mobile,
    deviceId: command.deviceId,
    otpVerifier: verifier,
    createdAt: now,
    expiresAt,
  });
  try {
    await deps.sms.send({ to: command.mobile, text: smsText(deps.pspName, code) });
  } catch (error) {
    throw new PspError('PSP_ERR_UNAVAILABLE', 'the code could not be sent by SMS; register again', {
      cause: error,
      retryAfterSeconds: 5,
    });
  }
  return { registrationId, expiresAt: expiresAt.toISOString() };
};
