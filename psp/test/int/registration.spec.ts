/**
 * Issue 7: a customer is who they prove to be. Registration binds a mobile to a device only with the
 * one-time code sent to that mobile by SMS; a takeover attempt from a new device without the code gets no
 * token and leaves the owner's token working; wrong codes lock the registration; rate limits bound the SMS.
 */
import { expect } from 'chai';
import { sql } from 'slonik';
import { startPspTestApp, type PspTestApp } from './support/pspTestApp.ts';
import { nextMobile, registerUser } from './support/users.ts';

describe('psp: registration with a one-time code (device binding)', () => {
  let psp: PspTestApp;
  before(async () => {
    psp = await startPspTestApp({
      limits: {
        registrationsPerMobileMax: 4,
        registrationWindowMs: 60_000,
        registrationsPerMinuteMax: 1_000,
      },
    });
  });
  after(async () => {
    await psp.close();
  });

  const start = (mobile: string, deviceId: string, name = 'Asha Rao') =>
    psp.app.inject({ method: 'POST', url: '/v1/users', payload: { name, mobile, deviceId } });
  const verify = (registrationId: string, otp: string) =>
    psp.app.inject({ method: 'POST', url: '/v1/users/verify', payload: { registrationId, otp } });
  const wrong = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const usersWith = async (mobile: string) =>
    (await psp.db.pool.any(
      sql.unsafe`SELECT user_id, device_id FROM users WHERE mobile = ${mobile}`,
    )) as ReadonlyArray<{
      user_id: string;
      device_id: string;
    }>;

  it('sends a 6-digit code by SMS, answers 202 with a registration id, and binds the device only on the code', async () => {
    const mobile = nextMobile();
    const started = await start(mobile, 'phone-a');
    expect(started.statusCode, started.body).to.equal(202);
    const { registrationId, expiresAt } = started.json<{ registrationId: string; expiresAt: string }>();
    expect(new Date(expiresAt).getTime() - Date.now()).to.be.within(4 * 60_000, 5 * 60_000 + 1_000);
    expect(psp.sms.at(-1)!.to).to.equal(mobile);
    const code = psp.lastCodeTo(mobile);
    expect(code).to.match(/^[0-9]{6}$/);
    expect(await usersWith(mobile)).to.deep.equal([]);
    const stored = (await psp.db.pool.one(
      sql.unsafe`SELECT otp_verifier FROM registrations WHERE registration_id = ${registrationId}`,
    )) as { otp_verifier: string };
    expect(stored.otp_verifier)
      .to.match(/^scrypt\$/)
      .and.not.include(code);

    const done = await verify(registrationId, code);
    expect(done.statusCode, done.body).to.equal(201);
    expect(done.json().token).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect((await usersWith(mobile)).map((u) => u.device_id)).to.deep.equal(['phone-a']);
    // a used registration cannot bind again
    const again = await verify(registrationId, code);
    expect(again.statusCode).to.equal(404);
  });

  it('keeps any other Unicode in a name: Indic with a zero-width joiner, accents, emoji (4-byte)', async () => {
    const name = 'क्\u200dष Zoë 😀';
    const user = await registerUser(psp, name, 'unicode-phone');
    const stored = (await psp.db.pool.oneFirst(
      sql.unsafe`SELECT name FROM users WHERE user_id = ${user.userId}`,
    )) as string;
    expect(stored).to.equal(name);
  });

  it('a takeover from a new device without the code gets no token and leaves the owner bound and working', async () => {
    const mobile = nextMobile();
    const owner = await registerUser(psp, 'Meera Iyer', 'owner-phone', mobile);
    const smsBefore = psp.sms.length;
    // The attacker knows the mobile number, not the code (it went to the owner's phone).
    const started = await start(mobile, 'attacker-phone', 'Mallory');
    expect(started.statusCode).to.equal(202); // the same answer as for a new number: nothing to enumerate
    expect(psp.sms.length).to.equal(smsBefore + 1);
    const { registrationId } = started.json<{ registrationId: string }>();
    const code = psp.lastCodeTo(mobile);
    const answers = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await verify(registrationId, wrong(code));
      answers.push([response.statusCode, response.json().code]);
      expect(response.json().token).to.equal(undefined);
    }
    expect(answers).to.deep.equal([
      [422, 'PSP_ERR_OTP_INCORRECT'],
      [422, 'PSP_ERR_OTP_INCORRECT'],
      [423, 'PSP_ERR_REGISTRATION_LOCKED'],
      [423, 'PSP_ERR_REGISTRATION_LOCKED'],
    ]);
    // locked for good: even the right code no longer binds
    const late = await verify(registrationId, code);
    expect([late.statusCode, late.json().code]).to.deep.equal([423, 'PSP_ERR_REGISTRATION_LOCKED']);
    expect(await usersWith(mobile)).to.deep.equal([{ user_id: owner.userId, device_id: 'owner-phone' }]);
    const ownerStill = await psp.app.inject({ method: 'GET', url: '/v1/vpas', headers: owner.headers });
    expect(ownerStill.statusCode).to.equal(200);
    const attacker = await psp.app.inject({
      method: 'GET',
      url: '/v1/vpas',
      headers: { ...owner.headers, 'x-device-id': 'attacker-phone' },
    });
    expect(attacker.statusCode).to.equal(401);
    const row = (await psp.db.pool.one(
      sql.unsafe`SELECT status, failed_attempts FROM registrations WHERE registration_id = ${registrationId}`,
    )) as { status: string; failed_attempts: number };
    expect(row).to.deep.equal({ status: 'LOCKED', failed_attempts: 3 });
  });

  it('an expired code binds nothing and counts nothing; an unknown registration id is a 404', async () => {
    const mobile = nextMobile();
    const { registrationId } = (await start(mobile, 'slow-phone')).json<{ registrationId: string }>();
    await psp.db.pool.query(sql.unsafe`
      UPDATE registrations SET created_at = now() - interval '10 minutes', expires_at = now() - interval '5 minutes'
      WHERE registration_id = ${registrationId}`);
    const response = await verify(registrationId, psp.lastCodeTo(mobile));
    expect([response.statusCode, response.json().code]).to.deep.equal([422, 'PSP_ERR_OTP_EXPIRED']);
    expect(await usersWith(mobile)).to.deep.equal([]);
    const unknown = await verify('00000000-0000-4000-8000-000000000000', '123456');
    expect([unknown.statusCode, unknown.json().code]).to.deep.equal([404, 'PSP_ERR_NOT_FOUND']);
  });

  it('concurrent guesses at one registration are counted one by one: at most 3 are compared', async () => {
    const mobile = nextMobile();
    const { registrationId } = (await start(mobile, 'race-phone')).json<{ registrationId: string }>();
    const code = psp.lastCodeTo(mobile);
    const guesses = Array.from({ length: 8 }, (_, i) =>
      String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'),
    );
    const answers = await Promise.all(guesses.map((guess) => verify(registrationId, guess)));
    const codes = answers.map((response) => response.json().code as string);
    expect(codes.filter((c) => c === 'PSP_ERR_OTP_INCORRECT')).to.have.length(2);
    expect(codes.filter((c) => c === 'PSP_ERR_REGISTRATION_LOCKED')).to.have.length(6);
    expect(await usersWith(mobile)).to.deep.equal([]);
  });

  it('rate-limits registrations per mobile (429 with Retry-After) without sending more SMS', async () => {
    const mobile = nextMobile();
    for (let i = 0; i < 4; i += 1) expect((await start(mobile, `burst-${i}`)).statusCode).to.equal(202);
    const sent = psp.sms.length;
    const refused = await start(mobile, 'burst-5');
    expect([refused.statusCode, refused.json().code]).to.deep.equal([429, 'PSP_ERR_TOO_MANY_REGISTRATIONS']);
    expect(Number(refused.headers['retry-after'])).to.be.within(1, 60);
    expect(psp.sms.length).to.equal(sent);
    // another number is not affected
    expect((await start(nextMobile(), 'other')).statusCode).to.equal(202);
  });

  it('rate-limits registrations overall', async () => {
    const tight = await startPspTestApp({ limits: { registrationsPerMinuteMax: 3 } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i += 1) {
        const response = await tight.app.inject({
          method: 'POST',
          url: '/v1/users',
          payload: { name: 'Crowd', mobile: nextMobile(), deviceId: `crowd-${i}` },
        });
        statuses.push(response.statusCode);
      }
      expect(statuses).to.deep.equal([202, 202, 202, 429, 429]);
      expect(tight.sms).to.have.length(3);
    } finally {
      await tight.close();
    }
  });

  it('answers 503 and binds nothing when the phone network does not confirm the SMS', async () => {
    const original = psp.deps.sms;
    psp.deps.sms = {
      send: async () => {
        throw new Error('SMS not confirmed: nacked');
      },
    };
    try {
      const mobile = nextMobile();
      const response = await start(mobile, 'no-signal');
      expect([response.statusCode, response.json().code]).to.deep.equal([503, 'PSP_ERR_UNAVAILABLE']);
      expect(response.headers['retry-after']).to.equal('5');
      expect(await usersWith(mobile)).to.deep.equal([]);
    } finally {
      psp.deps.sms = original;
    }
  });
});
