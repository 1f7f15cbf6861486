import { expect } from 'chai';
import type { CredsPayload } from '@switchyard/contracts';
import type { Account } from '../../src/domain/account.ts';
import { decideSetCre, type SetCreComparisons } from '../../src/domain/decideSetCre.ts';
import { OTP_TTL_MS, SET_CRE_LOCK_MS, decideOtpRequest } from '../../src/domain/otpPolicy.ts';
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
  otp: '031415',
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
const liveOtp = { verifier: 'otp-verifier', expiresAt: new Date(NOW.getTime() + OTP_TTL_MS) };
/** A request plus what the handler learns after planning: the comparisons it made. */
type Given = SetCreRequest & { compared?: SetCreComparisons };

const setRequest = (creds: CredsPayload | undefined = setPayload(), otpCorrect?: boolean): Given => ({
  credsType: 'PIN_SET',
  acNum: '100000000001',
  creds,
  otp: liveOtp,
  compared: otpCorrect === undefined ? {} : { otpCorrect },
});
const changeRequest = (creds: CredsPayload | undefined, oldPinCorrect?: boolean): Given => ({
  credsType: 'PIN_CHANGE',
  acNum: '100000000001',
  creds,
  otp: undefined,
  compared: oldPinCorrect === undefined ? {} : { oldPinCorrect },
});
const noPin = anAccount({ pin: { verifier: null, failedTries: 0, lockedUntil: null } });
const lockedPin = anAccount({
  pin: { verifier: 'v', failedTries: 3, lockedUntil: new Date(NOW.getTime() + 1000) },
});

/** The handler's pipeline without its I/O: plan → (comparisons: given.compared) → decide. */
const decide = (account: Account | undefined, given: Given, now: Date) => {
  const plan = planSetCre(account, given, now);
  return plan.ok ? decideSetCre(plan, given.compared ?? {}, now) : plan;
};

describe('decideOtpRequest', () => {
  it('sends a code for an active account to the registered mobile, valid 5 minutes', () => {
    const account = anAccount();
    expect(decideOtpRequest(account, account.mobile, NOW)).to.deep.equal({
      ok: true,
      account,
      expiresAt: new Date(NOW.getTime() + OTP_TTL_MS),
    });
  });

  it('refuses: XH unknown, YE frozen, ZX dormant, B1 another mobile, XN no card, Z6 PIN locked, ZT PIN sets locked', () => {
    const mobile = anAccount().mobile;
    expect(decideOtpRequest(undefined, mobile, NOW)).to.deep.equal({ ok: false, code: 'XH' });
    expect(decideOtpRequest(anAccount({ status: 'FROZEN' }), mobile, NOW)).to.include({ code: 'YE' });
    expect(decideOtpRequest(anAccount({ status: 'DORMANT' }), mobile, NOW)).to.include({ code: 'ZX' });
    expect(decideOtpRequest(anAccount(), '9999999999', NOW)).to.include({ code: 'B1' });
    expect(decideOtpRequest(anAccount({ cardLast6: null, cardExpiry: null }), mobile, NOW)).to.include({
      code: 'XN',
    });
    expect(decideOtpRequest(lockedPin, mobile, NOW)).to.include({ code: 'Z6' });
    const setLocked = anAccount({ setCre: { failedTries: 3, lockedUntil: new Date(NOW.getTime() + 1) } });
    expect(decideOtpRequest(setLocked, mobile, NOW)).to.include({ code: 'ZT' });
    const expiredLock = anAccount({ setCre: { failedTries: 3, lockedUntil: new Date(NOW.getTime()) } });
    expect(decideOtpRequest(expiredLock, mobile, NOW)).to.include({ ok: true });
  });
});

describe('decideSetCre', () => {
  it('PIN_SET with matching card details and the right code sets the PIN, clears the counter and spends the code', () => {
    const account = anAccount({ setCre: { failedTries: 2, lockedUntil: null } });
    expect(decide(account, setRequest(setPayload(), true), NOW)).to.deep.equal({
      ok: true,
      account,
      newPin: '123456',
      setCreUpdate: { failedTries: 0, lockedUntil: null },
      spendOtp: true,
    });
  });

  it('PIN_SET never lifts a PIN lock: Z6 while the PIN is locked, whatever the card and code', () => {
    expect(decide(lockedPin, setRequest(setPayload(), true), NOW)).to.deep.equal({ ok: false, code: 'Z6' });
    const expired = anAccount({ pin: { verifier: 'v', failedTries: 3, lockedUntil: NOW } });
    expect(decide(expired, setRequest(setPayload(), true), NOW)).to.include({ ok: true });
  });

  it('PIN_SET counts wrong card details (XN) and wrong codes (ZR) on one counter: the third locks (ZT)', () => {
    const wrongCard = setRequest(setPayload({ cardLast6: '400009' }));
    expect(decide(noPin, wrongCard, NOW)).to.deep.equal({
      ok: false,
      code: 'XN',
      setCreUpdate: { failedTries: 1, lockedUntil: null },
    });
    const wrongExpiry = setRequest(setPayload({ cardExpiry: '0130' }));
    expect(decide(noPin, wrongExpiry, NOW)).to.include({ code: 'XN' });
    const once = anAccount({ setCre: { failedTries: 1, lockedUntil: null } });
    expect(decide(once, setRequest(setPayload(), false), NOW)).to.deep.equal({
      ok: false,
      code: 'ZR',
      setCreUpdate: { failedTries: 2, lockedUntil: null },
    });
    const twice = anAccount({ setCre: { failedTries: 2, lockedUntil: null } });
    expect(decide(twice, wrongCard, NOW)).to.deep.equal({
      ok: false,
      code: 'ZT',
      setCreUpdate: { failedTries: 3, lockedUntil: new Date(NOW.getTime() + SET_CRE_LOCK_MS) },
      spendOtp: true,
    });
  });

  it('PIN_SET while PIN sets are locked → ZT without counting, even with the right card and code', () => {
    const locked = anAccount({ setCre: { failedTries: 3, lockedUntil: new Date(NOW.getTime() + 1) } });
    expect(decide(locked, setRequest(setPayload(), true), NOW)).to.deep.equal({ ok: false, code: 'ZT' });
    const expired = anAccount({ setCre: { failedTries: 3, lockedUntil: NOW } });
    expect(decide(expired, setRequest(setPayload(), false), NOW)).to.deep.include({
      code: 'ZR',
      setCreUpdate: { failedTries: 1, lockedUntil: null },
    });
  });

  it('PIN_SET without a live code → ZS, counting nothing', () => {
    expect(decide(noPin, { ...setRequest(), otp: undefined }, NOW)).to.deep.equal({ ok: false, code: 'ZS' });
    const stale = { verifier: 'v', expiresAt: NOW };
    expect(decide(noPin, { ...setRequest(), otp: stale }, NOW)).to.deep.equal({ ok: false, code: 'ZS' });
  });

  it('PIN_SET: another account, a mislabelled or unreadable block, a bad new PIN → XB', () => {
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
    expect(decide(lockedPin, changeRequest(changePayload(), true), NOW)).to.deep.equal({
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

  it('refuses to decide without the comparison the plan asked for (a handler bug)', () => {
    const plan = planSetCre(anAccount(), changeRequest(changePayload()), NOW);
    if (!plan.ok) throw new Error('expected a plan');
    expect(plan.oldPinCheck).to.deep.equal({ pin: '1234', verifier: anAccount().pin.verifier });
    expect(() => decideSetCre(plan, {}, NOW)).to.throw(/old PIN comparison/);
    const setPlan = planSetCre(anAccount(), setRequest(), NOW);
    if (!setPlan.ok) throw new Error('expected a plan');
    expect(setPlan.otpCheck).to.deep.equal({ otp: '031415', verifier: 'otp-verifier', cardMatches: true });
    expect(() => decideSetCre(setPlan, {}, NOW)).to.throw(/code comparison/);
  });
});
