import { expect } from 'chai';
import { isTxnId, RRN_PATTERN } from '@switchyard/contracts';
import { cloneOf, historyChunks } from '../../../src/bench/history/historyClones.ts';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const templates = [
  { txnId: 'ZAPABCDEFGHIJKLMNOPQRSTUVWXYZ012345', receivedAtMs: NOW - 5_000 },
  { txnId: 'KITABCDEFGHIJKLMNOPQRSTUVWXYZ012345', receivedAtMs: NOW - 3_000 },
  { txnId: 'ZAPZZZDEFGHIJKLMNOPQRSTUVWXYZ012345', receivedAtMs: NOW - 1_000 },
];

describe('tools: bench history identities', () => {
  it('gives every copy a valid, unique identity and a moment inside the span, in order', () => {
    const span = { count: 1_000, days: 3, nowMs: NOW };
    const chunks = [...historyChunks(templates, span, 64)];
    const all = chunks.flatMap((c) => c.clones.map((clone) => ({ ...clone, template: c.template })));
    expect(all).to.have.length(1_000);
    expect(new Set(all.map((c) => c.txnId)).size).to.equal(1_000);
    expect(new Set(all.map((c) => c.rrn)).size).to.equal(1_000);
    expect(chunks.every((c) => c.clones.length <= 64)).to.equal(true);
    for (const clone of all) {
      expect(isTxnId(clone.txnId), clone.txnId).to.equal(true);
      expect(clone.txnId.slice(0, 3)).to.equal(clone.template.txnId.slice(0, 3));
      expect(clone.rrn).to.match(RRN_PATTERN);
      expect(clone.debitApprovalNum).to.match(/^D[0-9A-Z]{5}$/);
      expect(clone.creditApprovalNum).to.match(/^C[0-9A-Z]{5}$/);
      const at = clone.template.receivedAtMs + clone.shiftMs;
      expect(at).to.be.within(NOW - 3 * 86_400_000, NOW);
    }
    const moments = Array.from({ length: 1_000 }, (_, g) => {
      const template = templates[g % templates.length];
      return template.receivedAtMs + cloneOf(g, template, span).shiftMs;
    });
    expect(moments.every((at, g) => g === 0 || at > moments[g - 1])).to.equal(true);
  });

  it('needs a template to copy', () => {
    expect(() => [...historyChunks([], { count: 1, days: 1, nowMs: NOW }, 10)]).to.throw(/at least one/);
  });
});
