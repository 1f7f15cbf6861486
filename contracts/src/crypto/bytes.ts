/**
 * Bytes ⇄ text without node built-ins, so the code that seals a PIN block runs unchanged in a browser and in
 * Node: UTF-8 through TextEncoder, base64 through btoa/atob, randomness through the Web Crypto
 * API (`globalThis.crypto.getRandomValues`, Node's CSPRNG on Node). Inputs here are small (a PIN block is at
 * most 2 KiB), so the string round trip of btoa/atob costs nothing that matters.
 */
const encoder = new TextEncoder();

export const utf8Bytes = (text: string): Uint8Array => encoder.encode(text);

/** `n` bytes from the platform's cryptographic random source. */
export const randomBytes = (n: number): Uint8Array => globalThis.crypto.getRandomValues(new Uint8Array(n));

export const toBase64 = (bytes: Uint8Array): string => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
};

/** @throws DOMException when `text` is not base64 */
export const fromBase64 = (text: string): Uint8Array => {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
};

/** base64url without padding (RFC 4648 §5), as Node's `toString('base64url')` writes it. */
export const toBase64Url = (bytes: Uint8Array): string =>
  toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
