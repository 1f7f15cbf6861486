/** A payment's journey: each hop (message received or sent, timer fired) with its time and ms since start. */
import type { LegKind } from './payment.ts';
import type { PaymentEvent } from './paymentEvents.ts';

export type Hop = {
  step: number;
  event: PaymentEvent['type'];
  label: string;
  at: string;
  msSinceStart: number;
};

const requestName: Record<LegKind, string> = {
  AUTH: 'ReqAuthDetails',
  DEBIT: 'ReqPay DEBIT',
  CREDIT: 'ReqPay CREDIT',
  DEBIT_REVERSAL: 'ReqPay REVERSAL (DEBIT)',
  CREDIT_REVERSAL: 'ReqPay REVERSAL (CREDIT)',
  CREDIT_CHECK: 'ReqChkTxn CREDIT',
  AUTO_REVERSAL: 'ReqAutoReversal',
};
const responseName: Record<LegKind, string> = {
  AUTH: 'RespAuthDetails',
  DEBIT: 'RespPay DEBIT',
  CREDIT: 'RespPay CREDIT',
  DEBIT_REVERSAL: 'RespPay REVERSAL (DEBIT)',
  CREDIT_REVERSAL: 'RespPay REVERSAL (CREDIT)',
  CREDIT_CHECK: 'RespChkTxn CREDIT',
  AUTO_REVERSAL: 'RespAutoReversal',
};

const hopLabel = (event: PaymentEvent, payeePspKnown: boolean): string => {
  switch (event.type) {
    case 'PaymentInitiated':
      return `ReqPay PAY received from ${event.payerPsp}`;
    case 'LegRequested':
      return `${requestName[event.leg]} sent to ${event.participant}${event.rrn !== undefined ? ` (RRN ${event.rrn})` : ''}${event.attempt !== undefined ? ` (attempt ${event.attempt})` : ''}${event.reason === 'RETURN' ? ' (RET: the money goes back to the payer)' : ''}`;
    case 'PayeeResolved':
      return `RespAuthDetails received: payee resolved (00)`;
    case 'LegAnswered':
      return `${responseName[event.leg]} received (${event.result} ${event.respCode})`;
    case 'LegTimedOut':
      return `${requestName[event.leg]} timed out`;
    case 'LateResponseRecorded':
      return `late ${responseName[event.leg]} received (${event.result} ${event.respCode}), recorded U70`;
    case 'PaymentCompleted': {
      const code = event.errCode !== undefined ? ` ${event.errCode}` : '';
      const window = event.resolveBy !== undefined ? `, to be resolved by ${event.resolveBy}` : '';
      return `RespPay sent: ${event.finalStatus}${code} (${event.status}${window})${payeePspKnown ? ' + ReqTxnConfirmation sent' : ''}`;
    }
    case 'PaymentResolved': {
      const code = event.errCode !== undefined ? ` ${event.errCode}` : '';
      const sent = event.notified
        ? `: RespPay sent: ${event.finalStatus}${code}${payeePspKnown ? ' + ReqTxnConfirmation sent' : ''}`
        : ` (${event.finalStatus}${code} unchanged for the PSPs)`;
      return `resolved ${event.status} by ${event.by}${sent}`;
    }
    case 'LegRetryScheduled':
      return `${responseName[event.leg]} settled nothing: ${requestName[event.leg]} will be re-sent`;
    case 'BankUnavailable':
      return `circuit breaker of ${event.bank} open: declined at once (${event.role === 'REMITTER' ? 'U90' : 'U91'})`;
    case 'StatusChecked':
      return `ReqChkTxn from ${event.asker} answered ${event.status} (check ${event.count})`;
    case 'TxnConfirmationRecorded':
      return `RespTxnConfirmation received (${event.result})`;
  }
};

export const journeyOf = (events: readonly PaymentEvent[]): Hop[] => {
  const start = events.length > 0 ? Date.parse(events[0].at) : 0;
  const authRequested = events.some((event) => event.type === 'LegRequested' && event.leg === 'AUTH');
  return events.map((event, index) => ({
    step: index + 1,
    event: event.type,
    label: hopLabel(event, authRequested),
    at: event.at,
    msSinceStart: Date.parse(event.at) - start,
  }));
};
