/**
 * Device-bound bearer tokens: 32 random bytes, base64url (43 characters). Only the SHA-256 is stored, so
 * a database dump reveals no usable credential.
 */
import { createHash, randomBytes } from 'node:crypto';

const TOKEN_BYTES = 32;

export const newToken = (): string => randomBytes(TOKEN_BYTES).toString('base64url');
export const tokenHash = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();
