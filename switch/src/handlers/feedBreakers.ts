/**
 * Feeds the banks' circuit breakers from a committed decision: a bank leg answered with a technical decline
 * (TD, contracts declineClass) or timed out is a failure of that bank; any other answer is a success.
 * AUTH is the payee PSP's leg, not a bank's.
 */
import { declineClass } from '@switchyard/contracts';
import type { BankBreakers } from '../breakers.ts';
import type { PaymentState } from '../domain/payment.ts';
import type { PaymentEvent } from '../domain/paymentEvents.ts';

export const feedBreakers = (
  breakers: BankBreakers,
  events: readonly PaymentEvent[],
  after: PaymentState,
): void => {
  if (after.status === 'NEW') return;
  for (const event of events) {
    if ((event.type !== 'LegAnswered' && event.type !== 'LegTimedOut') || event.leg === 'AUTH') continue;
    const bank = after.payment.legs[event.leg]?.participant;
    if (bank === undefined) continue;
    breakers.record(bank, event.type === 'LegAnswered' && declineClass(event.respCode) !== 'TD');
  }
};
