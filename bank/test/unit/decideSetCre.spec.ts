import { expect } from 'chai';
import type { CredsPayload } from '@switchyard/contracts';
import { decideSetCre } from '../../src/domain/decideSetCre.ts';
import { PIN_LOCK_MS } from '../../src/domain/pinPolicy.ts';
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
const setRequest = (creds: CredsPayload | undefined = setPayload()): SetCreRequest => ({
  credsType: 'PIN_SET',
  acNum: '100000000001',
  creds,
});
const changeRequest = (creds: CredsPayload | undefined, oldPinCorrect?: boolean): SetCreRequest => ({
  credsType: 'PIN_CHANGE',
  acNum: '100000000001',
  creds,
  oldPinCorrect,
});
const noPin = anAccount({ pin: { verifier: null, failedTries: 0, lockedUntil: null } });

describe('decideSetCre', () => {
  it('PIN_SET with matching card details sets the PIN and clears tries and lock', () => {
    const locked = anAccount({
      pin: { verifier: 'v', failedTries: 3, lockedUntil: new Date(NOW.getTime() + 1000) },
    });
    for (const account of [noPin, locked]) {
      expect(decideSetCre(account, setRequest(), NOW)).to.deep.equal({
        ok: true,
        newPin: '123456',
        pinUpdate: { failedTries: 0, lockedUntil: null },
      });
    }
  });

  it('PIN_SET: wrong card digits or expiry, no card on file, another account, or a mislabelled block → XB', () => {
    expect(decideSetCre(noPin, setRequest(setPayload({ cardLast6: '400009' })), NOW)).to.deep.equal({
      ok: false,
      code: 'XB',
    });
    expect(decideSetCre(noPin, setRequest(setPayload({ cardExpiry: '0130' })), NOW)).to.deep.equal({
      ok: false,
      code: 'XB',
    });
    expect(decideSetCre(anAccount({ cardLast6: null, cardExpiry: null }), setRequest(), NOW)).to.include({
      code: 'XB',
    });
    expect(decideSetCre(noPin, setRequest(setPayload({ acNum: '100000000002' })), NOW)).to.include({
      code: 'XB',
    });
    expect(decideSetCre(noPin, { ...setRequest(), credsType: 'PIN_CHANGE' }, NOW)).to.include({ code: 'XB' });
    expect(decideSetCre(noPin, { ...setRequest(), creds: undefined }, NOW)).to.include({ code: 'XB' });
    expect(decideSetCre(noPin, setRequest(setPayload({ newPin: '12345' })), NOW)).to.include({ code: 'XB' });
  });

  it('XH unknown, YE frozen, ZX dormant', () => {
    expect(decideSetCre(undefined, setRequest(), NOW)).to.deep.equal({ ok: false, code: 'XH' });
    expect(decideSetCre(anAccount({ status: 'FROZEN' }), setRequest(), NOW)).to.deep.equal({
      ok: false,
      code: 'YE',
    });
    expect(decideSetCre(anAccount({ status: 'DORMANT' }), setRequest(), NOW)).to.deep.equal({
      ok: false,
      code: 'ZX',
    });
  });

  it('PIN_CHANGE: the right old PIN changes it', () => {
    expect(decideSetCre(anAccount(), changeRequest(changePayload(), true), NOW)).to.deep.equal({
      ok: true,
      newPin: '5678',
      pinUpdate: { failedTries: 0, lockedUntil: null },
    });
  });

  it('PIN_CHANGE: AM without a PIN, Z6 while locked', () => {
    expect(decideSetCre(noPin, changeRequest(changePayload(), true), NOW)).to.deep.equal({
      ok: false,
      code: 'AM',
    });
    const locked = anAccount({
      pin: { verifier: 'v', failedTries: 3, lockedUntil: new Date(NOW.getTime() + 1) },
    });
    expect(decideSetCre(locked, changeRequest(changePayload(), true), NOW)).to.deep.equal({
      ok: false,
      code: 'Z6',
    });
  });

  it('PIN_CHANGE: a wrong old PIN counts like a payment (ZM, 3rd → Z6 + lock)', () => {
    expect(decideSetCre(anAccount(), changeRequest(changePayload(), false), NOW)).to.deep.equal({
      ok: false,
      code: 'ZM',
      pinUpdate: { failedTries: 1, lockedUntil: null },
    });
    const twice = anAccount({ pin: { verifier: 'v', failedTries: 2, lockedUntil: null } });
    expect(decideSetCre(twice, changeRequest(changePayload(), false), NOW)).to.deep.equal({
      ok: false,
      code: 'Z6',
      pinUpdate: { failedTries: 3, lockedUntil: new Date(NOW.getTime() + PIN_LOCK_MS) },
    });
  });
});
