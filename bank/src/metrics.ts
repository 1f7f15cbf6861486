/** The bank's metrics, on the process registry, labelled by participant (tests run several banks in one process). */
import { Counter, Histogram, metricsRegistry } from '@switchyard/infra';

const registers = [metricsRegistry];

export const bankMetrics = {
  legAnswers: new Counter({
    name: 'bank_leg_answers_total',
    help: 'Answers to ReqPay legs and PIN requests, by leg and UPI code (repeated = a stored answer replayed)',
    labelNames: ['participant', 'leg', 'resp_code', 'repeated'] as const,
    registers,
  }),
  pinVerifySeconds: new Histogram({
    name: 'bank_pin_verify_seconds',
    help: 'Time spent comparing a PIN against its verifier (an HMAC; a legacy scrypt verifier until re-issued)',
    labelNames: ['participant'] as const,
    buckets: [0.00001, 0.000025, 0.0001, 0.001, 0.01, 0.1],
    registers,
  }),
};
