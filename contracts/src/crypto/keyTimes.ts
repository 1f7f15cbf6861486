/**
 * When a key generation may be used: a retirement or an activation may be scheduled ahead (key rotation
 * without restarts). No imports, so the browser's sealCreds can ask it too.
 */
import type { PublicKeyEntry } from './types.ts';

/** Retired at `now`: its retiredAt is set and not later than `now`. */
export const isRetiredAt = (entry: PublicKeyEntry, now: Date): boolean =>
  entry.retiredAt !== undefined && Date.parse(entry.retiredAt) <= now.getTime();

/** Usable at `now`: active (no activatesAt, or it has passed) and not retired. */
export const isUsableAt = (entry: PublicKeyEntry, now: Date): boolean =>
  (entry.activatesAt === undefined || Date.parse(entry.activatesAt) <= now.getTime()) &&
  !isRetiredAt(entry, now);
