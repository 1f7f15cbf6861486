/**
 * The PIN verifier — this simulation's HSM (docs/upi.md §10). Only a verifier is ever stored:
 *
 *   verifier = "scrypt$N$r$p$" + base64(salt) + "$" + base64(scrypt(HMAC-SHA256(pepper, pin), salt, N, r, p))
 *
 * A 4–6 digit PIN has at most 10⁶ values, so scrypt alone cannot stop a brute force of a stolen table: the
 * pepper (a secret from the keys folder, never in the database) makes the table useless without it, and the
 * attempt counter (domain/pinPolicy.ts) stops online guessing. The cost parameters travel inside the
 * verifier, so raising N later still verifies old verifiers. Comparison is constant-time (timingSafeEqual).
 * The PIN never appears in a return value, error or log line.
 */
import { createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { BankError } from '../errors.ts';

export type PinHasher = {
  /** A fresh verifier (new random salt) for `pin`. */
  hash(pin: string): Promise<string>;
  /** Whether `pin` matches `verifier`. False for a malformed verifier. */
  verify(pin: string, verifier: string): Promise<boolean>;
};

export type PinHasherOptions = { pepper: Buffer; scryptN: number; scryptR?: number; scryptP?: number };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const PEPPER_BYTES_MIN = 16;
const SCRYPT_N_MIN = 2 ** 4; // tests only; production defaults to 2^12 (config.ts)
const SCRYPT_N_MAX = 2 ** 20;

const scryptAsync = (input: Buffer, salt: Buffer, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scrypt(input, salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });

const isPowerOfTwo = (n: number): boolean => Number.isInteger(n) && n > 1 && (n & (n - 1)) === 0;

/** @throws BankError BANK_ERR_CONFIG for a short pepper or an unusable scrypt cost. */
export const createPinHasher = (options: PinHasherOptions): PinHasher => {
  const { pepper, scryptN } = options;
  const r = options.scryptR ?? 8;
  const p = options.scryptP ?? 1;
  if (pepper.length < PEPPER_BYTES_MIN)
    throw new BankError('BANK_ERR_CONFIG', `PIN pepper must be at least ${PEPPER_BYTES_MIN} bytes`);
  if (!isPowerOfTwo(scryptN) || scryptN < SCRYPT_N_MIN || scryptN > SCRYPT_N_MAX) {
    throw new BankError(
      'BANK_ERR_CONFIG',
      `scrypt N must be a power of two in [${SCRYPT_N_MIN}, ${SCRYPT_N_MAX}]`,
    );
  }
  const peppered = (pin: string): Buffer => createHmac('sha256', pepper).update(pin, 'utf8').digest();
  const derive = (pin: string, salt: Buffer, n: number, rr: number, pp: number): Promise<Buffer> =>
    scryptAsync(peppered(pin), salt, { N: n, r: rr, p: pp, maxmem: 256 * n * rr * pp + 1024 * 1024 });

  return {
    async hash(pin) {
      const salt = randomBytes(SALT_BYTES);
      const key = await derive(pin, salt, scryptN, r, p);
      return `scrypt$${scryptN}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
    },
    async verify(pin, verifier) {
      const parts = verifier.split('$');
      if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
      const [n, rr, pp] = parts.slice(1, 4).map(Number) as [number, number, number];
      if (!isPowerOfTwo(n) || n > SCRYPT_N_MAX || !(rr >= 1 && rr <= 32) || !(pp >= 1 && pp <= 16))
        return false;
      const salt = Buffer.from(parts[4], 'base64');
      const expected = Buffer.from(parts[5], 'base64');
      if (expected.length !== KEY_BYTES) return false;
      const actual = await derive(pin, salt, n, rr, pp);
      return timingSafeEqual(actual, expected);
    },
  };
};
