import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { userOf } from '../http/auth.ts';
import { ErrorResponse } from '../http/schemas.ts';
import { PinOtpResponse, SetPinBody, SetPinResponse, VpaParams } from './pinSchemas.ts';
import { requestPinOtp, type RequestPinOtpDeps } from './requestPinOtp.ts';
import { setPin, type SetPinDeps } from './setPin.ts';

export type PinDeps = SetPinDeps & RequestPinOtpDeps;

const upstreamErrors = { 404: ErrorResponse, 422: ErrorResponse, 504: ErrorResponse };

/**
 * The UPI PIN of the account behind one of the user's VPAs. User endpoints: buildApp registers them
 * behind `authenticate`.
 * - POST /v1/vpas/:vpa/pin/otp: the bank sends a one-time code by SMS to the account's registered mobile
 *   (ReqOtp). Setting a PIN with the debit card needs it.
 * - POST /v1/vpas/:vpa/pin: set (PIN_SET: card details + that code) or change (PIN_CHANGE: the old PIN),
 *   in a creds block the app sealed for the bank (ReqSetCre).
 */
export const pinRoutes =
  (deps: PinDeps) =>
  async (app: FastifyInstance): Promise<void> => {
    const typed = app.withTypeProvider<TypeBoxTypeProvider>();
    typed.post(
      '/v1/vpas/:vpa/pin/otp',
      {
        schema: {
          tags: ['vpas'],
          summary: 'Ask the bank for the one-time code that authorises a PIN set (ReqOtp, by SMS)',
          description:
            'The code goes to the mobile the bank has on record for the account (422 B1 when that is not ' +
            "the user's verified mobile); 422 Z6 while the PIN is locked, ZT while PIN sets are locked.",
          params: VpaParams,
          response: { 200: PinOtpResponse, 400: ErrorResponse, ...upstreamErrors },
        },
      },
      async (request) => requestPinOtp(deps, { user: userOf(request), vpa: request.params.vpa }),
    );
    typed.post(
      '/v1/vpas/:vpa/pin',
      {
        schema: {
          tags: ['vpas'],
          summary: 'Set (card details + OTP) or change (old PIN) the UPI PIN (ReqSetCre)',
          description:
            'PIN_SET declines: XN card details do not match, ZR wrong code, ZS no live code (ask for one), ' +
            'ZT three wrong attempts lock PIN sets for 24 h, Z6 the PIN is locked (a PIN set never lifts ' +
            'a PIN lock).',
          params: VpaParams,
          body: SetPinBody,
          response: { 200: SetPinResponse, 400: ErrorResponse, ...upstreamErrors },
        },
      },
      async (request) => {
        const { vpa } = await setPin(deps, {
          userId: userOf(request).userId,
          vpa: request.params.vpa,
          creds: request.body.creds,
        });
        return { vpa, result: 'SUCCESS' as const };
      },
    );
  };
