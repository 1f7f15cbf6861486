/**
 * The switch's payment metrics, on the process registry (infra/src/runtime/metrics.ts), served by GET
 * /metrics. Recorded after commit only, from the events a decision appended.
 */
import { declineClass } from '@switchyard/contracts';
import { Counter, Gauge, Histogram, metricsRegistry } from '@switchyard/infra';
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
  resolutionsTotal: new Counter({
    name: 'switch_resolutions_total',
    help: 'Uncertain payments (DEEMED, REVERSAL_UNKNOWN, STUCK) resolved, by ended status and how',
    labelNames: ['status', 'by'] as const,
    registers,
  }),
  statusChecksTotal: new Counter({
    name: 'switch_status_checks_total',
    help: 'ReqChkTxn from PSPs: answered, unknown (U48), or refused (too_early, checks_exhausted)',
    labelNames: ['outcome'] as const,
    registers,
  }),
  breakerState: new Gauge({
    name: 'switch_breaker_state',
    help: 'Circuit breaker per bank: 0 closed, 1 half-open, 2 open',
    labelNames: ['bank'] as const,
    registers,
  }),
  breakerTransitionsTotal: new Counter({
    name: 'switch_breaker_transitions_total',
    help: 'Circuit breaker transitions per bank, by the status entered (OPEN, HALF_OPEN, CLOSED)',
    labelNames: ['bank', 'to'] as const,
    registers,
  }),
  breakerOutcomesTotal: new Counter({
    name: 'switch_breaker_outcomes_total',
    help: 'Leg outcomes fed to the breakers: ok, or failure (timeout / technical decline)',
    labelNames: ['bank', 'outcome'] as const,
    registers,
  }),
  forwardTimeoutsTotal: new Counter({
    name: 'switch_forward_timeouts_total',
    help: 'Forwarded requests (VALADD, LIST_ACCOUNT, SET_CRE) answered by the switch because their timer fired',
    labelNames: ['kind'] as const,
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
      case 'PaymentResolved':
        switchMetrics.resolutionsTotal.inc({ status: event.status, by: event.by });
        break;
      case 'PaymentInitiated':
      case 'LegRequested':
      case 'TxnConfirmationRecorded':
      case 'LegRetryScheduled':
      case 'BankUnavailable':
      case 'StatusChecked':
        break;
    }
  }
};
