/** The switch's I/O-side helpers: the banks' breakers (opossum, fed by outcomes) and the doubling timers. */
import { expect } from 'chai';
import { testLog } from '@switchyard/infra/testing';
import { createBankBreakers } from '../../src/breakers.ts';
import { feedBreakers } from '../../src/handlers/feedBreakers.ts';
import { timerMsFor, type HandlerDeps } from '../../src/handlers/handlerDeps.ts';
import { PaymentDriver, REMITTER, types } from './paymentDriver.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('switch: bank breakers and resolution timers', () => {
  it('a breaker opens on failures past the threshold, half-opens after its reset time, closes on a good probe', async () => {
    const breakers = createBankBreakers(
      ['bank.lotus', 'bank.banyan'],
      { errorPercentMax: 50, volumeMin: 3, windowMs: 10_000, resetMs: 100 },
      testLog('breakers'),
    );
    try {
      breakers.record('bank.lotus', true);
      breakers.record('bank.lotus', false);
      await sleep(5);
      expect(breakers.unavailable()).to.deep.equal([]); // 2 outcomes: below the volume
      breakers.record('bank.lotus', false);
      await sleep(5);
      expect(breakers.unavailable()).to.deep.equal(['bank.lotus']);
      breakers.record('bank.unknown', false); // not a bank of the network: ignored
      await sleep(150);
      expect(breakers.views()[0]).to.include({ bank: 'bank.lotus', status: 'HALF_OPEN' });
      expect(breakers.unavailable()).to.deep.equal([]); // half-open takes traffic: the next outcome probes
      breakers.record('bank.lotus', true);
      await sleep(5);
      const [lotus, banyan] = breakers.views();
      expect(lotus.status).to.equal('CLOSED');
      expect(lotus.transitions.map((t) => t.to)).to.deep.equal(['OPEN', 'HALF_OPEN', 'CLOSED']);
      expect(banyan).to.include({ status: 'CLOSED' });
    } finally {
      breakers.shutdown();
    }
  });

  it('feeds a bank leg: a timeout or a technical decline is a failure, a business decline a success; AUTH is not a bank', () => {
    const fed: Array<[string, boolean]> = [];
    const recorder = { record: (bank: string, ok: boolean) => fed.push([bank, ok]) } as never;
    const driver = PaymentDriver.debitPending();
    const timedOut = driver.accept(driver.timeout('DEBIT'));
    feedBreakers(recorder, timedOut, driver.state);
    const answered = driver.accept(driver.answer('DEBIT_REVERSAL', 'XY'));
    feedBreakers(recorder, answered, driver.state);
    expect(types(answered)[0]).to.equal('LegAnswered');
    const declined = PaymentDriver.debitPending();
    feedBreakers(recorder, declined.accept(declined.answer('DEBIT', 'Z9')), declined.state);
    expect(fed).to.deep.equal([
      [REMITTER, false],
      [REMITTER, false],
      [REMITTER, true],
    ]);
  });

  it("a leg's timer doubles each attempt, capped at the backoff maximum (never below the leg's own timer)", () => {
    const deps = {
      timeoutsMs: { CREDIT_CHECK: 10_000, AUTO_REVERSAL: 10_000, DEBIT_REVERSAL: 400_000 },
      resolution: { backoffMaxMs: 60_000 },
    } as unknown as HandlerDeps;
    expect([1, 2, 3, 4, 5].map((n) => timerMsFor(deps, 'CREDIT_CHECK', n))).to.deep.equal([
      10_000, 20_000, 40_000, 60_000, 60_000,
    ]);
    expect(timerMsFor(deps, 'DEBIT_REVERSAL', 2)).to.equal(400_000);
  });
});
