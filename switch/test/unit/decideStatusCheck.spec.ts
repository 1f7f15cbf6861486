/** NPCI's status-check rules at the switch (docs/upi.md §6.3): minimum delay, at most 3 per PSP, U48 unknown. */
import { expect } from 'chai';
import { decideStatusCheck } from '../../src/domain/decideStatusCheck.ts';
import { evolve } from '../../src/domain/evolve.ts';
import { journeyOf } from '../../src/domain/journeyOf.ts';
import type { PaymentState } from '../../src/domain/payment.ts';
import { PAYEE_PSP, PAYER_PSP, PaymentDriver, startCommand } from './paymentDriver.ts';

const RULES = { delayMinMs: 90_000, checksMax: 3 };

describe('switch domain: status checks (ReqChkTxn)', () => {
  const pending = (): PaymentDriver => {
    const driver = new PaymentDriver();
    driver.accept(startCommand());
    return driver;
  };
  const at = (driver: PaymentDriver, ms: number) => new Date(Date.parse(driver.payment.receivedAt) + ms);

  it('an unknown txn id → FAILURE U48, nothing recorded', () => {
    const decision = decideStatusCheck({ status: 'NEW' }, PAYER_PSP, new Date(), RULES);
    expect(decision).to.deep.equal({
      kind: 'answered',
      answer: { result: 'FAILURE', status: 'FAILURE', errCode: 'U48', refs: [] },
    });
  });

  it("someone else's payment → U48 (a PSP learns only its own)", () => {
    const driver = pending();
    const decision = decideStatusCheck(driver.state, 'psp.other', at(driver, 100_000), RULES);
    expect(decision).to.deep.include({ kind: 'answered' });
    expect(decision.answer.errCode).to.equal('U48');
  });

  it('too early (before the minimum delay) → refused U80 for the payer PSP, status PENDING', () => {
    const driver = pending();
    const decision = decideStatusCheck(driver.state, PAYER_PSP, at(driver, 89_999), RULES);
    expect(decision).to.deep.equal({
      kind: 'refused',
      reason: 'too_early',
      answer: { result: 'FAILURE', status: 'PENDING', errCode: 'U80', refs: [] },
    });
  });

  it('three checks answered and counted per PSP; the fourth refused (U80); the payee PSP has its own three (U94 after)', () => {
    const driver = pending();
    driver.accept(driver.authOk());
    let state: PaymentState = driver.state;
    for (let n = 1; n <= 3; n += 1) {
      const decision = decideStatusCheck(state, PAYER_PSP, at(driver, 90_000 + n), RULES);
      if (decision.kind !== 'answered' || decision.event === undefined) throw new Error('not answered');
      expect(decision.answer).to.include({ result: 'SUCCESS', status: 'PENDING' });
      expect(decision.event).to.include({ asker: PAYER_PSP, count: n, status: 'PENDING' });
      state = evolve(state, decision.event);
    }
    expect(decideStatusCheck(state, PAYER_PSP, at(driver, 100_000), RULES)).to.deep.include({
      kind: 'refused',
      reason: 'checks_exhausted',
    });
    const payee = decideStatusCheck(state, PAYEE_PSP, at(driver, 100_000), RULES);
    expect(payee.kind).to.equal('answered');
    if (payee.kind !== 'answered' || payee.event === undefined) throw new Error('not answered');
    state = evolve(state, payee.event);
    for (let n = 2; n <= 3; n += 1) {
      const next = decideStatusCheck(state, PAYEE_PSP, at(driver, 100_000), RULES);
      if (next.kind !== 'answered' || next.event === undefined) throw new Error('not answered');
      state = evolve(state, next.event);
    }
    expect(decideStatusCheck(state, PAYEE_PSP, at(driver, 100_000), RULES).answer.errCode).to.equal('U94');
    if (state.status === 'NEW') throw new Error('no payment');
    expect(state.payment.statusChecks).to.deep.equal({ [PAYER_PSP]: 3, [PAYEE_PSP]: 3 });
  });

  it('a check shows in the journey', () => {
    const driver = pending();
    const decision = decideStatusCheck(driver.state, PAYER_PSP, at(driver, 95_000), RULES);
    if (decision.kind !== 'answered' || decision.event === undefined) throw new Error('not answered');
    const hops = journeyOf([...driver.history, decision.event]);
    expect(hops.at(-1)!.label).to.equal(`ReqChkTxn from ${PAYER_PSP} answered PENDING (check 1)`);
  });
});
