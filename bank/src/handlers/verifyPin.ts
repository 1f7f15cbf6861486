/**
 * Compares a PIN with its verifier (the "HSM", hsm/pinHasher.ts), timing it for bank_pin_verify_seconds, and
 * stores the re-issued verifier when the PIN was right under a retired key or a legacy scrypt verifier.
 */
import type { Tx } from '@switchyard/infra';
import * as accountsDb from '../db/accountsDb.ts';
import type { Account } from '../domain/account.ts';
import type { PinCheck } from '../domain/pinPolicy.ts';
import { subjectOf } from '../hsm/pinHasher.ts';
import { bankMetrics } from '../metrics.ts';
import type { HandlerDeps } from './handlerDeps.ts';

export type VerifyPinDeps = Pick<HandlerDeps, 'participant' | 'pinHasher'>;

/**
 * An HMAC (microseconds): runs under the account's row lock, in the transaction that stores its outcome.
 * Call only with a verifier read under that lock (the re-issued one replaces it).
 * @throws what the database throws; nothing of its own (a malformed verifier compares false).
 */
export const verifyPin = async (
  deps: VerifyPinDeps,
  tx: Tx,
  account: Account,
  check: PinCheck,
): Promise<boolean> => {
  const startedMs = performance.now();
  const { correct, reissued } = deps.pinHasher.verify(subjectOf(account, 'PIN'), check.pin, check.verifier);
  bankMetrics.pinVerifySeconds.observe(
    { participant: deps.participant },
    (performance.now() - startedMs) / 1000,
  );
  if (reissued !== undefined) await accountsDb.reissuePinVerifier(tx, account.id, check.verifier, reissued);
  return correct;
};
