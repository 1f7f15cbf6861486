import { expect } from 'chai';
import { metricsRegistry } from '@switchyard/infra';
import { recordPaymentMetrics } from '../../src/metrics.ts';
import { PaymentDriver } from './paymentDriver.ts';

const sample = async (name: string, labels: string): Promise<number> => {
  const text = await metricsRegistry.getSingleMetricAsString(name);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? 0 : Number(line.split(' ').pop());
};

describe('switch metrics', () => {
  it('counts final answers by status, errCode and the class of the leg code behind a U3x', async () => {
    const before = await sample('payments_total', 'status="FAILURE",err_code="U31",class="BD"');
    const driver = PaymentDriver.creditPending();
    driver.accept(driver.answer('CREDIT', 'XI'));
    const events = driver.accept(driver.answer('DEBIT_REVERSAL', '00'));
    recordPaymentMetrics(events, driver.state);
    expect(await sample('payments_total', 'status="FAILURE",err_code="U31",class="BD"')).to.equal(before + 1);
    const timedOut = PaymentDriver.debitPending();
    const timeoutEvents = timedOut.accept(timedOut.timeout('DEBIT'));
    const legsBefore = await sample('switch_legs_total', 'leg="DEBIT",result="timed_out"');
    recordPaymentMetrics(timeoutEvents, timedOut.state);
    expect(await sample('switch_legs_total', 'leg="DEBIT",result="timed_out"')).to.equal(legsBefore + 1);
    expect(await metricsRegistry.getSingleMetricAsString('payment_latency_seconds')).to.include(
      'payment_latency_seconds_count{status="FAILURE"}',
    );
  });
});
