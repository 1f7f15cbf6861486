import { randomUUID } from 'node:crypto';
import type { Db } from '@switchyard/infra';
import { lockRegistration, saveRegistrationAttempt, type Registration } from '../db/registrationsDb.ts';
import { bindUser } from '../db/usersDb.ts';
import { PspError } from '../errors.ts';
import type { OtpCodes } from './otpCodes.ts';
import { newToken, tokenHash } from './token.ts';

/** Wrong codes a registration survives: the third locks it for good. */
const REGISTRATION_ATTEMPTS_MAX = 3;

export type VerifyRegistrationDeps = { db: Db; otpCodes: OtpCodes; now: () => Date };
export type VerifyRegistrationCommand = { registrationId: string; otp: string };
export type Registered = { userId: string; token: string };

type Attempt =
  | { kind: 'bound'; registered: Registered }
  | { kind: 'unknown' | 'expired' | 'locked' }
  | { kind: 'wrong'; attemptsLeft: number };

const attempt = async (
  deps: VerifyRegistrationDeps,
  registration: Registration | undefined,
  otp: string,
  save: (update: { failedAttempts: number; status: Registration['status'] }) => Promise<void>,
  bind: (registration: Registration) => Promise<Registered>,
): Promise<Attempt> => {
  if (registration === undefined || registration.status === 'VERIFIED') return { kind: 'unknown' };
  if (registration.status === 'LOCKED') return { kind: 'locked' };
  if (registration.expiresAt.getTime() <= deps.now().getTime()) return { kind: 'expired' };
  if (await deps.otpCodes.verify(otp, registration.otpVerifier)) {
    await save({ failedAttempts: registration.failedAttempts, status: 'VERIFIED' });
    return { kind: 'bound', registered: await bind(registration) };
  }
  const failedAttempts = registration.failedAttempts + 1;
  const locked = failedAttempts >= REGISTRATION_ATTEMPTS_MAX;
  await save({ failedAttempts, status: locked ? 'LOCKED' : 'PENDING' });
  return locked
    ? { kind: 'locked' }
    : { kind: 'wrong', attemptsLeft: REGISTRATION_ATTEMPTS_MAX - failedAttempts };
};

/**
 * Step 2 of registration: the code from the SMS proves the mobile; only then is the mobile bound to the
 * registering device — a new user, or an existing one moved to the new device, whose previous token stops
 * working in the same transaction. The token is returned once and never stored, only its hash.
 * Each wrong code is counted (in the same transaction as the comparison, the row locked); the third
 * locks the registration, and an expired code counts nothing. Nothing of an existing user changes on a
 * failure.
 * @throws PspError PSP_ERR_NOT_FOUND (no pending registration with that id), PSP_ERR_OTP_EXPIRED,
 *   PSP_ERR_OTP_INCORRECT (attempts left in the message), PSP_ERR_REGISTRATION_LOCKED
 */
export const verifyRegistration = async (
  deps: VerifyRegistrationDeps,
  command: VerifyRegistrationCommand,
): Promise<Registered> => {
  const outcome = await deps.db.transaction(async (tx) => {
    const registration = await lockRegistration(tx, command.registrationId);
    return attempt(
      deps,
      registration,
      command.otp,
      (update) => saveRegistrationAttempt(tx, command.registrationId, { ...update, at: deps.now() }),
      async (proven) => {
        const token = newToken();
        const userId = await bindUser(tx, {
          userId: randomUUID(),
          name: proven.name,
          mobile: proven.mobile,
          deviceId: proven.deviceId,
          tokenSha256: tokenHash(token),
        });
        return { userId, token };
      },
    );
  });
  switch (outcome.kind) {
    case 'bound':
      return outcome.registered;
    case 'unknown':
      throw new PspError('PSP_ERR_NOT_FOUND', 'no pending registration with this id');
    case 'expired':
      throw new PspError('PSP_ERR_OTP_EXPIRED', 'the code has expired: register again');
    case 'locked':
      throw new PspError('PSP_ERR_REGISTRATION_LOCKED', 'too many wrong codes: register again');
    case 'wrong':
      throw new PspError('PSP_ERR_OTP_INCORRECT', `wrong code; ${outcome.attemptsLeft} attempt(s) left`);
  }
};
