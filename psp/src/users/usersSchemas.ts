/** HTTP schemas of the users slice (closed objects; validated by fastify's Ajv, published at /docs). */
import { Type } from 'typebox';
import { DeviceId, Mobile, Otp, PersonName } from '@switchyard/contracts';

const closed = { additionalProperties: false } as const;

export const RegisterBody = Type.Object(
  {
    name: { ...PersonName, description: '1–99 characters; no control characters' },
    mobile: { ...Mobile, description: 'the mobile number the code is sent to by SMS (10 digits)' },
    deviceId: { ...DeviceId, description: 'the device the credential will be bound to' },
  },
  closed,
);
export const RegistrationStartedResponse = Type.Object({
  registrationId: Type.String({ format: 'uuid', description: 'give it back with the code' }),
  expiresAt: Type.String({ description: 'when the code stops working (5 minutes)' }),
});
export const VerifyBody = Type.Object(
  {
    registrationId: Type.String({
      pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
      description: 'from POST /v1/users',
    }),
    otp: { ...Otp, description: 'the 6-digit code from the SMS' },
  },
  closed,
);
export const RegisterResponse = Type.Object({
  userId: Type.String(),
  token: Type.String({ description: 'the bearer token, shown once; send it with X-Device-Id' }),
});
