/**
 * Where the app keeps what a phone keeps: this device's id and its PSP session, per PSP and phone number,
 * in localStorage (a browser profile is one phone). Never a PIN, never a code.
 */
import type { PspSession } from '../pspClient.ts';

export type Stored = { name: string; mobile: string; session: PspSession };

const keyOf = (handle: string, mobile: string): string => `switchyard.${handle}.${mobile}`;

export const loadStored = (handle: string, mobile: string): Stored | undefined => {
  const text = globalThis.localStorage.getItem(keyOf(handle, mobile));
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as Stored;
  } catch {
    return undefined;
  }
};

export const saveStored = (handle: string, stored: Stored): void =>
  globalThis.localStorage.setItem(keyOf(handle, stored.mobile), JSON.stringify(stored));

export const forgetStored = (handle: string, mobile: string): void =>
  globalThis.localStorage.removeItem(keyOf(handle, mobile));
