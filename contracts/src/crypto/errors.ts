/**
 * Errors of contracts/src/crypto, with stable codes (docs/architecture.md §4.7). They are thrown only for
 * bugs and configuration faults (no key for a recipient, a message that fails its own schema, unreadable key
 * files); a refused inbound envelope or PIN block is a value (OpenResult / OpenCredsResult), never an
 * exception. Messages never contain key material, PINs or message contents.
 */
export type CryptoErrorCode =
  | 'CONTRACTS_ERR_NO_OWN_KEY' // an OwnKeys without any key generation
  | 'CONTRACTS_ERR_UNKNOWN_RECIPIENT' // the directory has no current key for the recipient
  | 'CONTRACTS_ERR_INVALID_MESSAGE' // seal() was given a message its schema refuses
  | 'CONTRACTS_ERR_ENVELOPE_TOO_LARGE' // the sealed body would exceed ENVELOPE_BYTES_MAX
  | 'CONTRACTS_ERR_INVALID_CREDS' // sealCreds() was given a payload its schema refuses
  | 'CONTRACTS_ERR_KEY_RETIRED' // sealCreds() was given a retired bank key
  | 'CONTRACTS_ERR_KEY_FILE' // a key file is missing, unreadable or malformed
  | 'CONTRACTS_ERR_KEY_STATE' // key files disagree (directory without private keys …) or a key is unknown
  | 'CONTRACTS_ERR_RESEAL'; // reseal() was given something this participant did not seal, or cannot open

export class CryptoError extends Error {
  readonly code: CryptoErrorCode;
  constructor(code: CryptoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CryptoError';
    this.code = code;
  }
}
