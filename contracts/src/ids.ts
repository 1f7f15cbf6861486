/**
 * UPI identifiers (docs/upi.md §8): txn ids, RRNs, message ids, approval numbers, VPA rules.
 * Generators take their randomness and time as parameters where tests need determinism. No node built-ins:
 * the browser app makes its txn ids with the same code (`@switchyard/contracts/client`).
 */
import { monotonicFactory } from 'ulid';
import { randomBytes } from './crypto/bytes.ts';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const randomAlnum = (length: number): string => {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i += 1) out += ALNUM[bytes[i] % ALNUM.length];
  return out;
};

export const TXN_ID_LENGTH = 35;
export const TXN_ID_PATTERN = /^[A-Z0-9]{3}[A-Za-z0-9]{32}$/;
export const RRN_PATTERN = /^[0-9]{12}$/;
export const VPA_PATTERN = /^[a-zA-Z0-9._-]{2,256}@[a-zA-Z]{2,64}$/;
export const VPA_LENGTH_MAX = 255;
export const PSP_PREFIX_PATTERN = /^[A-Z0-9]{3}$/;

/** A fresh txn id: the PSP's 3-character prefix + 32 random alphanumerics. */
export const newTxnId = (pspPrefix: string): string => {
  if (!PSP_PREFIX_PATTERN.test(pspPrefix))
    throw new Error(`PSP prefix must be 3 uppercase alphanumerics: ${pspPrefix}`);
  return pspPrefix + randomAlnum(TXN_ID_LENGTH - 3);
};

export const isTxnId = (value: string): boolean =>
  value.length === TXN_ID_LENGTH && TXN_ID_PATTERN.test(value);

export const isVpa = (value: string): boolean => value.length <= VPA_LENGTH_MAX && VPA_PATTERN.test(value);

/** Splits `user@handle`; handles compare case-insensitively, so they come back lower-cased. */
export const parseVpa = (value: string): { user: string; handle: string } | undefined => {
  if (!isVpa(value)) return undefined;
  const at = value.lastIndexOf('@');
  return { user: value.slice(0, at).toLowerCase(), handle: value.slice(at + 1).toLowerCase() };
};

/** The julian day of the year, 1–366, in UTC. */
const julianDay = (date: Date): number =>
  Math.floor(
    (Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) -
      Date.UTC(date.getUTCFullYear(), 0, 0)) /
      86_400_000,
  );

/** RRN: Y (last digit of year) + DDD (julian day) + an 8-digit sequence. */
export const rrnFor = (date: Date, sequence: number): string => {
  if (!Number.isInteger(sequence) || sequence < 0)
    throw new Error(`RRN sequence must be a non-negative integer: ${sequence}`);
  const year = String(date.getUTCFullYear() % 10);
  const day = String(julianDay(date)).padStart(3, '0');
  return year + day + String(sequence % 100_000_000).padStart(8, '0');
};

/**
 * Message ids are ULIDs: 26 Crockford base-32 characters, time-ordered (index locality in the outbox and
 * inbox) and alphanumeric, so ONE value serves as the AMQP messageId, the envelope's messageId, the outbox
 * and inbox key and UPI's `head.msgId` (at most 35 alphanumerics) — there is nothing to convert.
 */
export const MESSAGE_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const ulid = monotonicFactory();

/** A fresh message id (ULID, monotonic within this process). */
export const newMessageId = (): string => ulid();

export const isMessageId = (value: string): boolean => MESSAGE_ID_PATTERN.test(value);

/** Six-character approval number a bank returns for an approved leg. */
export const newApprovalNum = (): string => randomAlnum(6);

/** ISO-8601 with zone, as Head.ts requires. */
export const isoTimestamp = (date: Date): string => date.toISOString();
