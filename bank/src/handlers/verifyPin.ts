/** Compares a PIN with its verifier (the "HSM"), timing it for bank_pin_verify_seconds. */
import type { PinCheck } from '../domain/pinPolicy.ts';
import { bankMetrics } from '../metrics.ts';
import type { HandlerDeps } from './handlerDeps.ts';

export type VerifyPinDeps = Pick<HandlerDeps, 'participant' | 'pinHasher'>;

/**
 * scrypt: milliseconds of CPU on libuv's thread pool. Callers run it only when the answer depends on it.
 * @throws nothing of its own: a malformed verifier compares false.
 */
export const verifyPin = async (deps: VerifyPinDeps, check: PinCheck): Promise<boolean> => {
  const startedMs = performance.now();
  const correct = await deps.pinHasher.verify(check.pin, check.verifier);
  bankMetrics.pinVerifySeconds.observe(
    { participant: deps.participant },
    (performance.now() - startedMs) / 1000,
  );
  return correct;
};
