/**
 * The Idempotency-Key fingerprint of a payment request. Hashing needs node:crypto, so it lives with the
 * payments slice rather than in domain/ (no node built-ins there).
 */
import { createHash } from 'node:crypto';

const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return Object.fromEntries(entries.map(([key, inner]) => [key, canonical(inner)]));
  }
  return value;
};

/**
 * SHA-256 of a request's method, route and body in canonical JSON (keys sorted), so a retry with the same
 * content matches whatever the key order or whitespace; any other difference makes a different fingerprint.
 */
export const requestFingerprint = (method: string, route: string, body: unknown): Buffer =>
  createHash('sha256')
    .update(JSON.stringify([method, route, canonical(body)]))
    .digest();
