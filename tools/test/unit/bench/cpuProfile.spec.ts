import { expect } from 'chai';
import { areaOf, breakDownProfile, type CpuProfile } from '../../../src/bench/cpuProfile.ts';

const frame = (functionName: string, url = '') => ({ functionName, url });

/**
 * root → main → seal (envelope.ts) → sign (native) and → decode (registry.ts); main → query (pg); plus idle,
 * program and GC.
 */
const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 6, 7, 8] },
    { id: 2, callFrame: frame('main', 'file:///r/outbox/src/relay.ts'), children: [3, 5] },
    { id: 3, callFrame: frame('seal', 'file:///r/contracts/src/crypto/envelope.ts'), children: [4, 9] },
    { id: 4, callFrame: frame('sign'), children: [] },
    { id: 5, callFrame: frame('query', 'file:///r/node_modules/pg/lib/client.js'), children: [] },
    { id: 6, callFrame: frame('(idle)'), children: [] },
    { id: 7, callFrame: frame('(program)'), children: [] },
    { id: 8, callFrame: frame('(garbage collector)'), children: [] },
    { id: 9, callFrame: frame('decode', 'file:///r/contracts/src/registry.ts'), children: [] },
  ],
  samples: [4, 4, 3, 5, 5, 5, 2, 8, 6, 6, 6, 6, 7, 7, 9],
  timeDeltas: Array<number>(15).fill(1_000),
};

describe('tools: bench CPU profile breakdown', () => {
  it('counts samples under seal/open as crypto, inclusively, over the JavaScript samples only', () => {
    const breakdown = breakDownProfile(PROFILE);
    expect(breakdown.sampledMs, 'idle and (program) left out').to.equal(9);
    expect(breakdown.programMs).to.equal(2);
    expect(breakdown.cryptoShare, '4 of 9: the native sign and the schema check under seal count').to.equal(
      0.444,
    );
    expect(breakdown.cryptoSchemaShare, '1 of the 4 crypto samples').to.equal(0.25);
    expect(breakdown.byArea[0]).to.deep.equal({ area: 'pg', share: 0.333 });
    expect(breakdown.byArea.map((a) => a.area)).to.include.members([
      '(native) sign ← contracts/crypto',
      'contracts/crypto',
      'contracts',
      'outbox',
      '(garbage collector)',
    ]);
  });

  it('names code areas by package, workspace folder or node internals', () => {
    expect(areaOf(frame('x', 'file:///r/node_modules/@slonik/driver/dist/a.js'))).to.equal('@slonik/driver');
    expect(areaOf(frame('x', 'file:///r/switch/src/handlers/onReqPay.ts'))).to.equal('switch/handlers');
    expect(areaOf(frame('x', 'file:///r/outbox/src/relay.ts'))).to.equal('outbox');
    expect(areaOf(frame('x', 'node:internal/streams/readable'))).to.equal('node:streams');
    expect(areaOf(frame('(garbage collector)'))).to.equal('(garbage collector)');
    expect(areaOf(frame('writev'))).to.equal('(native) writev');
  });
});
