/**
 * The registration's one-time code: 6 random digits, sent by SMS, kept only as a verifier
 *
 *   "scrypt$N$r$p$" + base64(salt) + "$" + base64(scrypt(code, salt, N, r, p))
 *
 * A 6-digit code has 10⁶ values, so a stolen verifier can be brute-forced; scrypt with a random salt makes
 * that cost (10⁶ × one scrypt ≈ hours of CPU at N = 2^14) far beyond the code's 5-minute life, and online
 * guessing is stopped by the attempt limit (verifyRegistration.ts) and the registration rate limit. The
 * code never appears in a log line or an error.
 */
import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

const CODE_DIGITS = 6;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const R = 8;
const P = 1;

const derive = (code: string, salt: Buffer, n: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scrypt(
      code,
      salt,
      KEY_BYTES,
      { N: n, r: R, p: P, maxmem: 256 * n * R * P + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });

export type OtpCodes = {
  /** A fresh code and its verifier. */
  issue(): Promise<{ code: string; verifier: string }>;
  /** Whether `code` matches `verifier`; false for a malformed verifier. */
  verify(code: string, verifier: string): Promise<boolean>;
};

/** @param scryptN the cost of new verifiers (a power of two; tests use a small one) */
export const createOtpCodes = (scryptN: number): OtpCodes => ({
  async issue() {
    const code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
    const salt = randomBytes(SALT_BYTES);
    const key = await derive(code, salt, scryptN);
    return {
      code,
      verifier: `scrypt$${scryptN}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`,
    };
  },
  async verify(code, verifier) {
    const parts = verifier.split('$');
    const n = Number(parts[1]);
    if (parts.length !== 6 || parts[0] !== 'scrypt' || !Number.isInteger(Math.log2(n)) || n > 2 ** 20)
      return false;
    const expected = Buffer.from(parts[5], 'base64');
    if (expected.length !== KEY_BYTES) return false;
    return timingSafeEqual(await derive(code, Buffer.from(parts[4], 'base64'), n), expected);
  },
});
