/** The magic amounts and VPAs (docs/failures.md) are valid rules, one set per amount, and clash with nothing. */
import { expect } from 'chai';
import { readFaultRules } from '@switchyard/outbox';
import { MAGIC_FAULTS_FILE } from '../../src/faults/magicFaults.ts';

describe('magic faults', () => {
  const rules = readFaultRules(MAGIC_FAULTS_FILE);

  it('are valid rules, each scoped to one magic amount or one magic VPA and documented', () => {
    expect(rules.length).to.be.greaterThan(20);
    for (const rule of rules) {
      const scoped = rule.amountMinor !== undefined ? 'amount' : rule.vpa !== undefined ? 'vpa' : 'none';
      expect(scoped, JSON.stringify(rule)).to.not.equal('none');
      if (rule.amountMinor !== undefined) expect(rule.amountMinor).to.be.within(101, 199);
      if (rule.vpa !== undefined) expect(rule.vpa).to.match(/^fault\./);
      expect(rule.note, JSON.stringify(rule)).to.be.a('string');
    }
  });

  it('never give one message two rules (the first would hide the second)', () => {
    const keys = rules.map((r) => `${r.type}/${r.subType ?? ''}/${r.amountMinor ?? r.vpa}`);
    expect(new Set(keys).size).to.equal(keys.length);
  });
});
