/**
 * @switchyard/contracts/client: what a customer's app needs, and nothing that needs Node — the browser app
 * bundles it as it is, and Node clients (app/src/pspClient.ts) use the same modules. The PIN block is sealed
 * by ONE implementation (crypto/sealCreds.ts); only its X25519 agreement is picked per platform
 * (`#boxAgreement`: node:crypto on Node, tweetnacl in a browser).
 */
export { parseRupees, formatRupees } from './amounts.ts';
export { codeInfo, declineClass, Codes, type CodeInfo, type DeclineClass } from './codes.ts';
export { newTxnId, isTxnId, isVpa, parseVpa, VPA_PATTERN } from './ids.ts';
export { sealCreds } from './crypto/sealCreds.ts';
export { CREDS_DATA_LENGTH_MAX } from './crypto/credsFormat.ts';
export { fromBase64 } from './crypto/bytes.ts';
export { CryptoError } from './crypto/errors.ts';
export type { CredsPayload, PublicKeyEntry } from './crypto/types.ts';
export * from './intents/index.ts';
