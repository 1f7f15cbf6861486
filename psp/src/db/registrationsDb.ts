/** SQL for pending registrations (migrations/004_registrations.sql): only a verifier of each code is kept. */
import { sql } from 'slonik';
import type { Queryable } from '@switchyard/infra';

export type RegistrationStatus = 'PENDING' | 'VERIFIED' | 'LOCKED';
export type Registration = {
  registrationId: string;
  name: string;
  mobile: string;
  deviceId: string;
  otpVerifier: string;
  failedAttempts: number;
  status: RegistrationStatus;
  expiresAt: Date;
};

type Row = {
  registration_id: string;
  name: string;
  mobile: string;
  device_id: string;
  otp_verifier: string;
  failed_attempts: number;
  status: RegistrationStatus;
  expires_at: Date;
};

export const insertRegistration = async (
  db: Queryable,
  input: Omit<Registration, 'failedAttempts' | 'status'> & { createdAt: Date },
): Promise<void> => {
  await db.query(sql.unsafe`
    INSERT INTO registrations (registration_id, name, mobile, device_id, otp_verifier, created_at, expires_at)
    VALUES (${input.registrationId}, ${input.name}, ${input.mobile}, ${input.deviceId}, ${input.otpVerifier},
            ${sql.timestamp(input.createdAt)}, ${sql.timestamp(input.expiresAt)})`);
};

/** The registration, locked (FOR UPDATE): concurrent attempts at one code are counted one after the other. */
export const lockRegistration = async (
  db: Queryable,
  registrationId: string,
): Promise<Registration | undefined> => {
  const row = (await db.maybeOne(sql.unsafe`
    SELECT registration_id, name, mobile, device_id, otp_verifier, failed_attempts, status, expires_at
    FROM registrations WHERE registration_id = ${registrationId} FOR UPDATE`)) as Row | null;
  if (row === null) return undefined;
  return {
    registrationId: row.registration_id,
    name: row.name,
    mobile: row.mobile,
    deviceId: row.device_id,
    otpVerifier: row.otp_verifier,
    failedAttempts: row.failed_attempts,
    status: row.status,
    expiresAt: row.expires_at,
  };
};

/** Records an attempt's outcome: the failure count, and VERIFIED / LOCKED when the registration ends. */
export const saveRegistrationAttempt = async (
  db: Queryable,
  registrationId: string,
  update: { failedAttempts: number; status: RegistrationStatus; at: Date },
): Promise<void> => {
  await db.query(sql.unsafe`
    UPDATE registrations
    SET failed_attempts = ${update.failedAttempts}, status = ${update.status},
        completed_at = ${update.status === 'PENDING' ? null : sql.timestamp(update.at)}
    WHERE registration_id = ${registrationId}`);
};

/** Deletes registrations created more than `retentionMs` ago, at most `batchMax`; returns how many. */
export const deleteOldRegistrations = async (
  db: Queryable,
  retentionMs: number,
  batchMax: number,
): Promise<number> =>
  (
    await db.query(sql.unsafe`
    DELETE FROM registrations WHERE registration_id = ANY(ARRAY(
      SELECT registration_id FROM registrations
      WHERE created_at < now() - ${retentionMs} * interval '1 millisecond' LIMIT ${batchMax}))`)
  ).rowCount;
