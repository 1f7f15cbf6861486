import { isVpa } from '@switchyard/contracts';

const USERNAME = /^[a-zA-Z0-9._-]{2,256}$/;

type VpaRejection = 'username_invalid' | 'too_long';
export type VpaDecision = { ok: true; vpa: string; key: string } | { ok: false; reason: VpaRejection };

/**
 * The VPA `username@handle` for a requested username (docs/upi.md §8): letters, digits, `.`, `-`, `_`, at
 * least 2 characters, and at most 255 characters in total. `key` is the case-insensitive identity (lower
 * case); `vpa` keeps the user's spelling for display.
 */
export const vpaFor = (username: string, handle: string): VpaDecision => {
  if (!USERNAME.test(username)) return { ok: false, reason: 'username_invalid' };
  const vpa = `${username}@${handle}`;
  if (!isVpa(vpa)) return { ok: false, reason: 'too_long' };
  return { ok: true, vpa, key: vpa.toLowerCase() };
};
