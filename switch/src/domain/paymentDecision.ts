/** The outcome of decide(): events to append, or a rejection (a value, never a throw). */
import type { FinalStatus, Result } from '@switchyard/contracts';
import type { TerminalStatus } from './payment.ts';
import type { PaymentCompleted, PaymentEvent } from './paymentEvents.ts';
import type { PaymentRejection } from './paymentCommands.ts';

export type PaymentDecision =
  { ok: true; events: PaymentEvent[] } | { ok: false; rejection: PaymentRejection };

export const accepted = (...events: PaymentEvent[]): PaymentDecision => ({ ok: true, events });
export const rejected = (rejection: PaymentRejection): PaymentDecision => ({ ok: false, rejection });

/** Codes that are not the switch's own but the ones it reports on each leg. */
export type LegCodes = { payerRespCode?: string; payeeRespCode?: string };

const completion = (
  at: string,
  status: TerminalStatus,
  result: Result,
  finalStatus: FinalStatus,
  errCode: string | undefined,
  codes: LegCodes,
): PaymentCompleted => {
  const event: PaymentCompleted = { type: 'PaymentCompleted', at, status, result, finalStatus };
  if (errCode !== undefined) event.errCode = errCode;
  if (codes.payerRespCode !== undefined) event.payerRespCode = codes.payerRespCode;
  if (codes.payeeRespCode !== undefined) event.payeeRespCode = codes.payeeRespCode;
  return event;
};

export const succeeded = (at: string, codes: LegCodes = {}): PaymentCompleted =>
  completion(at, 'SUCCESS', 'SUCCESS', 'SUCCESS', undefined, codes);

export const failed = (
  at: string,
  errCode: string,
  codes: LegCodes = {},
  status: TerminalStatus = 'FAILED',
): PaymentCompleted => completion(at, status, 'FAILURE', 'FAILURE', errCode, codes);

/**
 * Debit done, credit outcome unknown: conditionally successful, resolved later by TCC/RET (docs/upi.md §6.1).
 */
export const deemed = (at: string, code: string): PaymentCompleted =>
  completion(at, 'DEEMED', 'SUCCESS', 'DEEMED', code, { payeeRespCode: code });
