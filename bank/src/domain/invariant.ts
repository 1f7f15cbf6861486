/**
 * A condition every caller must guarantee: when it does not hold, the caller has a bug, so crash (the
 * transaction rolls back) rather than answer. Never for business outcomes, which are values. The pure
 * stand-in for node:assert, which domain/ does not import (no node built-ins).
 * @throws Error `invariant failed: <message>` when `condition` is falsy.
 */
export const invariant: (condition: unknown, message: string) => asserts condition = (condition, message) => {
  if (!condition) throw new Error(`invariant failed: ${message}`);
};
