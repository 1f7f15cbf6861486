/**
 * The PIN verifier — this simulation's HSM (docs/upi.md §10). Issuer-style: a keyed PIN verification value
 * (PVV), not a slow password hash. Only the verifier is ever stored:
 *
 *   verifier = "pvv$" + keyId + "$" + base64(HMAC-SHA256(PVK, ["pvv1", use, ifsc, acNum, secret]))
 *
 * The PVK (PIN verification key) is a secret of this bank held outside its database (the setup "pepper").
 * A 4–6 digit PIN has at most 10⁶ values, so a slow hash would only cost every payment CPU: whoever holds
 * the table and the key tries 10⁶ PINs anyway, and without the key the table is useless. The key and the
 * attempt counter (domain/pinPolicy.ts) are the protection. The account is part of the input, so equal PINs
 * give unequal verifiers and a verifier copied onto another account does not verify there; `use` keeps a PIN
 * verifier and a one-time code's verifier (ReqOtp) apart.
 *
 * Rotation: keyId is the key's check value (KCV, below), so a verifier names the key that made it. The bank
 * holds the current key and any retired ones; a right secret under a retired key — or under a legacy
 * `scrypt$N$r$p$salt$hash` verifier (scrypt(HMAC-SHA256(key, pin), salt), before issue 9) — verifies and
 * comes back with `reissued`, the verifier under the current key, for the caller to store in the same
 * transaction. Comparison is constant-time (timingSafeEqual). Synchronous: an HMAC takes microseconds (a
 * legacy scrypt verifier costs one scryptSync of its N, until it is re-issued). The PIN never appears in a
 * return value, error or log line.
 */
import { createHmac, scryptSync, timingSafeEqual } from 'node:crypto';
import { BankError } from '../errors.ts';

/** Whose secret, for what: the account as the bank addresses it (IFSC + account number), and the use. */
export type PinSubject = { use: 'PIN' | 'OTP'; ifsc: string; acNum: string };

/** The subject of an account's PIN or one-time code verifier. */
export const subjectOf = (account: { ifsc: string; acNum: string }, use: PinSubject['use']): PinSubject => ({
  use,
  ifsc: account.ifsc,
  acNum: account.acNum,
});

/** A comparison's outcome; `reissued` (only when correct): the verifier under the current key, to store. */
type PinVerification = { correct: boolean; reissued?: string };

export type PinHasher = {
  /** The verifier of `secret` for `subject`, under the current key. */
  hash(subject: PinSubject, secret: string): string;
  /** Whether `secret` matches `verifier` for `subject`. False for a malformed verifier or an unknown key. */
  verify(subject: PinSubject, secret: string, verifier: string): PinVerification;
};

/** The current PIN verification key, and retired ones that still verify (and re-issue) older verifiers. */
export type PinHasherOptions = { pvk: Buffer; retiredPvks?: readonly Buffer[] };

const PVK_BYTES_MIN = 16;
const PVV_BYTES = 32;
const LEGACY_SCRYPT_N_MAX = 2 ** 20;

type Key = { id: string; bytes: Buffer };

/** The key check value naming a key in its verifiers: 4 bytes of an HMAC of a fixed text (not of any PIN). */
const keyIdOf = (key: Buffer): string =>
  createHmac('sha256', key)
    .update('switchyard PVK check value', 'utf8')
    .digest()
    .subarray(0, 4)
    .toString('hex');

const pvvOf = (key: Key, subject: PinSubject, secret: string): Buffer =>
  createHmac('sha256', key.bytes)
    .update(JSON.stringify(['pvv1', subject.use, subject.ifsc, subject.acNum, secret]), 'utf8')
    .digest();

const isPowerOfTwo = (n: number): boolean => Number.isInteger(n) && n > 1 && (n & (n - 1)) === 0;

/** The 32-byte value a verifier stores, or undefined when it is not base64 of 32 bytes. */
const storedValue = (base64: string): Buffer | undefined => {
  const value = Buffer.from(base64, 'base64');
  return value.length === PVV_BYTES && value.toString('base64') === base64 ? value : undefined;
};

/** A legacy scrypt verifier, compared with each key held (it does not name its key). */
const verifyLegacy = (keys: readonly Key[], secret: string, parts: readonly string[]): boolean => {
  if (parts.length !== 6) return false;
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (!isPowerOfTwo(n) || n > LEGACY_SCRYPT_N_MAX || !(r >= 1 && r <= 32) || !(p >= 1 && p <= 16))
    return false;
  const salt = Buffer.from(parts[4], 'base64');
  const expected = storedValue(parts[5]);
  if (expected === undefined) return false;
  const options = { N: n, r, p, maxmem: 256 * n * r * p + 1024 * 1024 };
  return keys.some((key) => {
    const peppered = createHmac('sha256', key.bytes).update(secret, 'utf8').digest();
    return timingSafeEqual(scryptSync(peppered, salt, PVV_BYTES, options), expected);
  });
};

/** @throws BankError BANK_ERR_CONFIG for a key shorter than 16 bytes or two keys with one check value. */
export const createPinHasher = (options: PinHasherOptions): PinHasher => {
  const all = [options.pvk, ...(options.retiredPvks ?? [])];
  if (all.some((key) => key.length < PVK_BYTES_MIN))
    throw new BankError('BANK_ERR_CONFIG', `a PIN verification key must be at least ${PVK_BYTES_MIN} bytes`);
  const keys: Key[] = all.map((bytes) => ({ id: keyIdOf(bytes), bytes }));
  const byId = new Map(keys.map((key) => [key.id, key]));
  if (byId.size !== keys.length)
    throw new BankError(
      'BANK_ERR_CONFIG',
      'two PIN verification keys share a check value (the same key twice?)',
    );
  const current = keys[0];
  const hash = (subject: PinSubject, secret: string): string =>
    `pvv$${current.id}$${pvvOf(current, subject, secret).toString('base64')}`;

  return {
    hash,
    verify(subject, secret, verifier) {
      const parts = verifier.split('$');
      const key = parts[0] === 'pvv' && parts.length === 3 ? byId.get(parts[1]) : undefined;
      const expected = key === undefined ? undefined : storedValue(parts[2]);
      const correct =
        key === undefined
          ? parts[0] === 'scrypt' && verifyLegacy(keys, secret, parts)
          : expected !== undefined && timingSafeEqual(pvvOf(key, subject, secret), expected);
      if (!correct) return { correct };
      return key === current ? { correct } : { correct, reissued: hash(subject, secret) };
    },
  };
};
