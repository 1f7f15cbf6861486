/**
 * Sealing a PIN block (NPCI's "Common Library" equivalent, docs/upi.md §10): ONE implementation for the
 * browser app and for Node (the scripts' client, the tests, the demo). The CLIENT — never the PSP's server —
 * seals the PIN for the remitter bank's box key; the PSP and the switch carry the string opaquely in
 * `Creds.data`; only the bank opens it (creds.ts).
 *
 * Only the ephemeral X25519 agreement differs by platform: `#boxAgreement` (contracts/package.json
 * `imports`) is node:crypto on Node (boxAgreementNode.ts, fast) and tweetnacl in a browser bundle
 * (boxAgreementNacl.ts); both give the bytes of `nacl.box.before`. Randomness is the Web Crypto API's
 * on both. No function here returns or throws a message that contains a PIN: errors name fields only.
 */
import nacl from 'tweetnacl';
import { ephemeralAgreement } from '#boxAgreement';
import { randomBytes, toBase64, toBase64Url, utf8Bytes } from './bytes.ts';
import { NONCE_BYTES, invalidPaths, payloadValidator } from './credsFormat.ts';
import { CryptoError } from './errors.ts';
import { isRetiredAt } from './keyTimes.ts';
import type { CredsPayload, PublicKeyEntry } from './types.ts';

/**
 * Seals a PIN block for `bankKey` (the remitter bank's current key from the directory).
 * @throws CryptoError CONTRACTS_ERR_INVALID_CREDS (payload fails its schema; the message names fields only),
 *   CONTRACTS_ERR_KEY_RETIRED.
 */
export const sealCreds = (payload: CredsPayload, bankKey: PublicKeyEntry): string => {
  if (!payloadValidator.Check(payload)) {
    throw new CryptoError('CONTRACTS_ERR_INVALID_CREDS', `invalid creds payload at ${invalidPaths(payload)}`);
  }
  if (isRetiredAt(bankKey, new Date())) {
    throw new CryptoError(
      'CONTRACTS_ERR_KEY_RETIRED',
      `${bankKey.participant} key ${bankKey.keyId} is retired`,
    );
  }
  const ephemeral = ephemeralAgreement(bankKey.boxPublicKey);
  /* c8 ignore next - unreachable for keys from the directory: only a low-order point yields no shared key */
  if (ephemeral.sharedKey === undefined)
    throw new CryptoError('CONTRACTS_ERR_KEY_STATE', `unusable box key ${bankKey.keyId}`);
  const nonce = randomBytes(NONCE_BYTES);
  const ct = nacl.box.after(utf8Bytes(JSON.stringify(payload)), nonce, ephemeral.sharedKey);
  const block = {
    v: 1,
    keyId: bankKey.keyId,
    epk: toBase64(ephemeral.publicKey),
    nonce: toBase64(nonce),
    ct: toBase64(ct),
  };
  return toBase64Url(utf8Bytes(JSON.stringify(block)));
};
