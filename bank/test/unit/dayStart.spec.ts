import { expect } from 'chai';
import { dayStart } from '../../src/domain/dayStart.ts';

describe('dayStart', () => {
  it('is midnight IST (18:30 UTC the day before)', () => {
    expect(dayStart(new Date('2025-11-21T10:15:00Z')).toISOString()).to.equal('2025-11-20T18:30:00.000Z');
    expect(dayStart(new Date('2025-11-21T18:29:59.999Z')).toISOString()).to.equal('2025-11-20T18:30:00.000Z');
    expect(dayStart(new Date('2025-11-21T18:30:00Z')).toISOString()).to.equal('2025-11-21T18:30:00.000Z');
  });
});
