/**
 * The switch's payment metrics, on the process registry (infra/src/runtime/metrics.ts), served by GET
 * /metrics. Recorded after commit only, from the events a decision appended.
 */
import { declineClass } from '@switchyard/contracts';
import { Counter, Histogram, metricsRegistry } from '@switchyard/infra';
import { finalAnswerOf } from './domain/finalAnswerOf.ts';
import { isApproved, type PaymentState } from './domain/payment.ts';
import type { PaymentEvent } from './domain/paymentEvents.ts';

const registers = [metricsRegistry];

export const switchMetrics = {
  paymentsTotal: new Counter({
    name: 'payments_total',
    help: 'Payments that reached a final answer, by status, errCode and decline class (TD/BD)',
    labelNames: ['status', 'err_code', 'class'] as const,
    registers,
  }),
  paymentLatencySeconds: new Histogram({
    name: 'payment_latency_seconds',
    help: 'From ReqPay received to the final RespPay sent',
    labelNames: ['status'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30, 60],
    registers,
  }),
  refusalsTotal: new Counter({
    name: 'switch_refusals_total',
    help: 'Requests answered without starting a payment (U01 duplicate txn id, validation declines)',
    labelNames: ['err_code'] as const,
    registers,
  }),
  legsTotal: new Counter({
    name: 'switch_legs_total',
    help: 'Leg outcomes: approved, declined, timed_out or late, by leg',
    labelNames: ['leg', 'result'] as const,
    registers,
  }),
};

/** Records what a committed decision did. */
export const recordPaymentMetrics = (events: readonly PaymentEvent[], after: PaymentState): void => {
  for (const event of events) {
    switch (event.type) {
      case 'LegAnswered':
        switchMetrics.legsTotal.inc({
          leg: event.leg,
          result:
            isApproved(event.result, event.respCode) || event.respCode === 'CS' ? 'approved' : 'declined',
        });
        break;
      case 'PayeeResolved':
        switchMetrics.legsTotal.inc({ leg: 'AUTH', result: 'approved' });
        break;
      case 'LegTimedOut':
        switchMetrics.legsTotal.inc({ leg: event.leg, result: 'timed_out' });
        break;
      case 'LateResponseRecorded':
        switchMetrics.legsTotal.inc({ leg: event.leg, result: 'late' });
        break;
      case 'PaymentCompleted': {
        if (!('final' in after)) break;
        // A switch code classed '-' (U30, U31…) takes the class of the leg code that caused it.
        const legCode = finalAnswerOf(after.payment, after.final).refs.find(
          (ref) => ref.respCode !== '00',
        )?.respCode;
        const errCode = event.errCode ?? '00';
        switchMetrics.paymentsTotal.inc({
          status: event.finalStatus,
          err_code: errCode,
          class: declineClass(event.errCode, legCode),
        });
        const seconds = (Date.parse(event.at) - Date.parse(after.payment.receivedAt)) / 1000;
        switchMetrics.paymentLatencySeconds.observe({ status: event.finalStatus }, seconds);
        break;
      }
      case 'PaymentInitiated':
      case 'LegRequested':
      case 'TxnConfirmationRecorded':
        break;
    }
  }
};
