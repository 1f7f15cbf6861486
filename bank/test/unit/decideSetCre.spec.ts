import { expect } from 'chai';
import type { CredsPayload } from '@switchyard/contracts';
import type { Account } from '../../src/domain/account.ts';
import { decideSetCre } from '../../src/domain/decideSetCre.ts';
import { PIN_LOCK_MS } from '../../src/domain/pinPolicy.ts';
import { planSetCre } from '../../src/domain/planSetCre.ts';
import type { SetCreRequest } from '../../src/domain/setCreRequest.ts';
import { NOW, anAccount } from './accountFixture.ts';

const setPayload = (overrides: Partial<Extract<CredsPayload, { purpose: 'SET' }>> = {}): CredsPayload => ({
  purpose: 'SET',
  newPin: '123456',
  acNum: '100000000001',
  cardLast6: '400001',
  cardExpiry: '1229',
  sealedAt: 0,
  ...overrides,
});
const changePayload = (
  overrides: Partial<Extract<CredsPayload, { purpose: 'CHANGE' }>> = {},
): CredsPayload => ({
  purpose: 'CHANGE',
  oldPin: '1234',
  newPin: '5678',
  acNum: '100000000001',
  sealedAt: 0,
  ...overrides,
});
/** A request plus, for PIN_CHANGE, what the handler learns after planning: the old PIN's comparison. */
type Given = SetCreRequest & { oldPinCorrect?: boolean };

const setRequest = (creds: CredsPayload | undefined = setPayload()): Given => ({
  credsType: 'PIN_SET',
  acNum: '100000000001',
  creds,
});
const changeRequest = (creds: CredsPayload | undefined, oldPinCorrect?: boolean): Given => ({
  credsType: 'PIN_CHANGE',
  acNum: '100000000001',
  creds,
  oldPinCorrect,
});
const noPin = anAccount({ pin: { verifier: null, failedTries: 0, lockedUntil: null } });

/** The handler's pipeline without its I/O: plan → (the old PIN compared: given.oldPinCorrect) → decide. */
const decide = (account: Account | undefined, given: Given, now: Date) => {
  const plan = planSetCre(account, given, now);
  return plan.ok ? decideSetCre(plan, given.oldPinCorrect, now) : plan;
};

describe('decideSetCre', () => {
  it('PIN_SET with matching card details sets the PIN and clears tries and lock', () => {
    const locked = anAccount({
      pin: { verifier: 'v', failedTries: 3, lockedUntil: new Date(NOW.getTime() + 1000) },
    });
    for (const account of [noPin, locked]) {
      expect(decide(account, setRequest(), NOW)).to.deep.equal({
        ok: true,
        account,
        newPin: '123456',
        pinUpdate: { failedTries: 0, lockedUntil: null },
      });
    }
  });

  it('PIN_SET: wrong card digits or expiry, no card on file, another account, or a mislabelled block → XB', () => {
    expect(decide(noPin, setRequest(setPayload({ cardLast6: '400009' })), NOW)).to.deep.equal({
      ok: false,
      code: 'XB',
    });
    expect(decide(noPin, setRequest(setPayload({ cardExpiry: '0130' })), NOW)).to.deep.equal({
      ok: false,
      code: 'XB',
    });
    expect(decide(anAccount({ cardLast6: null, cardExpiry: null }), setRequest(), NOW)).to.include({
      code: 'XB',
    });
    expect(decide(noPin, setRequest(setPayload({ acNum: '100000000002' })), NOW)).to.include({
      code: 'XB',
    });
    expect(decide(noPin, { ...setRequest(), credsType: 'PIN_CHANGE' }, NOW)).to.include({ code: 'XB' });
    expect(decide(noPin, { ...setRequest(), creds: undefined }, NOW)).to.include({ code: 'XB' });
    expect(decide(noPin, setRequest(setPayload({ newPin: '12345' })), NOW)).to.include({ code: 'XB' });
  });

  it('XH unknown, YE frozen, ZX dormant', () => {
    expect(decide(undefined, setRequest(), NOW)).to.deep.equal({ ok: false, code: 'XH' });
    expect(decide(anAccount({ status: 'FROZEN' }), setRequest(), NOW)).to.deep.equal({
      ok: false,
      code: 'YE',
    });
    expect(decide(anAccount({ status: 'DORMANT' }), setRequest(), NOW)).to.deep.equal({
      ok: false,
      code: 'ZX',
    });
  });

  it('PIN_CHANGE: the right old PIN changes it', () => {
    const account = anAccount();
    expect(decide(account, changeRequest(changePayload(), true), NOW)).to.deep.equal({
      ok: true,
      account,
      newPin: '5678',
      pinUpdate: { failedTries: 0, lockedUntil: null },
    });
  });

  it('PIN_CHANGE: AM without a PIN, Z6 while locked', () => {
    expect(decide(noPin, changeRequest(changePayload(), true), NOW)).to.deep.equal({
      ok: false,
      code: 'AM',
    });
    const locked = anAccount({
      pin: { verifier: 'v', failedTries: 3, lockedUntil: new Date(NOW.getTime() + 1) },
    });
    expect(decide(locked, changeRequest(changePayload(), true), NOW)).to.deep.equal({
      ok: false,
      code: 'Z6',
    });
  });

  it('PIN_CHANGE: a wrong old PIN counts like a payment (ZM, 3rd → Z6 + lock)', () => {
    expect(decide(anAccount(), changeRequest(changePayload(), false), NOW)).to.deep.equal({
      ok: false,
      code: 'ZM',
      pinUpdate: { failedTries: 1, lockedUntil: null },
    });
    const twice = anAccount({ pin: { verifier: 'v', failedTries: 2, lockedUntil: null } });
    expect(decide(twice, changeRequest(changePayload(), false), NOW)).to.deep.equal({
      ok: false,
      code: 'Z6',
      pinUpdate: { failedTries: 3, lockedUntil: new Date(NOW.getTime() + PIN_LOCK_MS) },
    });
  });

  it('refuses to decide a PIN_CHANGE without the old PIN comparison (a handler bug)', () => {
    const plan = planSetCre(anAccount(), changeRequest(changePayload()), NOW);
    if (!plan.ok) throw new Error('expected a plan');
    expect(plan.oldPinCheck).to.deep.equal({ pin: '1234', verifier: anAccount().pin.verifier });
    expect(() => decideSetCre(plan, undefined, NOW)).to.throw(/old PIN comparison/);
  });
});
