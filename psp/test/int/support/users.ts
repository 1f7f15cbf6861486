/** Test users: registered over HTTP, with accounts "discovered" straight into the database. */
import type { ListedAccount } from '@switchyard/contracts';
import { upsertDiscoveredAccounts } from '../../../src/db/accountsDb.ts';
import type { PspTestApp } from './pspTestApp.ts';

export type TestUser = {
  userId: string;
  token: string;
  deviceId: string;
  mobile: string;
  headers: Record<string, string>;
};

let mobileSequence = 0;
/** A fresh valid mobile number per call (9xxxxxxxxx), unique within the process. */
export const nextMobile = (): string =>
  `9${String(process.pid % 1000).padStart(3, '0')}${String(++mobileSequence).padStart(6, '0')}`;

/**
 * Registers a user as the app does: POST /v1/users (a code goes by SMS), then POST /v1/users/verify with
 * the code the PSP sent to the mobile (read from the test app's SMS; `readCode` for another phone).
 */
export const registerUser = async (
  psp: PspTestApp,
  name = 'Asha Rao',
  deviceId = `dev-${mobileSequence + 1}`,
  mobile = nextMobile(),
  readCode: (mobile: string) => Promise<string> = async (to) => psp.lastCodeTo(to),
): Promise<TestUser> => {
  const started = await psp.app.inject({
    method: 'POST',
    url: '/v1/users',
    payload: { name, mobile, deviceId },
  });
  if (started.statusCode !== 202) throw new Error(`register failed: ${started.statusCode} ${started.body}`);
  const { registrationId } = started.json<{ registrationId: string }>();
  const response = await psp.app.inject({
    method: 'POST',
    url: '/v1/users/verify',
    payload: { registrationId, otp: await readCode(mobile) },
  });
  if (response.statusCode !== 201) throw new Error(`verify failed: ${response.statusCode} ${response.body}`);
  const { userId, token } = response.json<{ userId: string; token: string }>();
  return {
    userId,
    token,
    deviceId,
    mobile,
    headers: { authorization: `Bearer ${token}`, 'x-device-id': deviceId },
  };
};

export const account = (acNum: string, ifsc = 'LOTS0000001', name = 'Asha Rao'): ListedAccount => ({
  acNum,
  ifsc,
  name,
  acType: 'SAVINGS',
  pinSet: true,
});

/** Registers a user, links `acNum` and creates `username@zap` on it. */
export const userWithVpa = async (
  psp: PspTestApp,
  username: string,
  acNum: string,
  ifsc = 'LOTS0000001',
): Promise<TestUser & { vpa: string }> => {
  const user = await registerUser(psp, `User ${username}`);
  await upsertDiscoveredAccounts(psp.db.pool, user.userId, [account(acNum, ifsc, `User ${username}`)]);
  const response = await psp.app.inject({
    method: 'POST',
    url: '/v1/vpas',
    headers: user.headers,
    payload: { username, acNum, ifsc },
  });
  if (response.statusCode !== 201)
    throw new Error(`createVpa failed: ${response.statusCode} ${response.body}`);
  return { ...user, vpa: response.json<{ vpa: string }>().vpa };
};
