import { expect } from 'chai';
import { isDatabaseUnavailable } from '@switchyard/infra';
import { decideFailure, PermanentError } from '../../src/index.ts';

describe('outbox: what a failed delivery becomes', () => {
  const delays = [1_000, 10_000, 60_000];

  it('dead-letters a PermanentError at once, with its reason', () => {
    expect(decideFailure(new PermanentError('account_closed', 'closed'), 0, delays, 3)).to.deep.include({
      kind: 'dead_letter',
      reason: 'account_closed',
    });
  });

  it('retries other errors with growing delays, then dead-letters them as retries_exhausted', () => {
    const error = new Error('boom');
    expect(decideFailure(error, 0, delays, 3)).to.deep.include({ kind: 'retry', attempt: 1, delayMs: 1_000 });
    expect(decideFailure(error, 1, delays, 3)).to.deep.include({
      kind: 'retry',
      attempt: 2,
      delayMs: 10_000,
    });
    expect(decideFailure(error, 2, delays, 3)).to.deep.include({
      kind: 'retry',
      attempt: 3,
      delayMs: 60_000,
    });
    expect(decideFailure(error, 3, delays, 3)).to.deep.include({
      kind: 'dead_letter',
      reason: 'retries_exhausted',
    });
    expect(decideFailure(error, 1, [500], 5)).to.deep.include({ kind: 'retry', attempt: 2, delayMs: 500 });
  });

  it('never spends an attempt on an unreachable database', () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const wrapped = Object.assign(new Error('wrapped'), { name: 'ConnectionError', cause: down });
    const terminated = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    for (const error of [down, wrapped, terminated, new Error('Connection terminated unexpectedly')]) {
      expect(isDatabaseUnavailable(error), error.message).to.equal(true);
      expect(decideFailure(error, 3, delays, 3)).to.deep.include({
        kind: 'retry',
        attempt: 3,
        delayMs: 1_000,
      });
    }
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).to.equal(
      false,
    );
  });
});
