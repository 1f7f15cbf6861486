/** HTTP schemas of the users slice (closed objects; validated by fastify's Ajv, published at /docs). */
import { Type } from 'typebox';
import { Mobile, PersonName } from '@switchyard/contracts';

const DeviceId = Type.String({ pattern: '^[A-Za-z0-9._:-]{1,64}$' });
export const RegisterBody = Type.Object(
  { name: PersonName, mobile: Mobile, deviceId: DeviceId },
  { additionalProperties: false },
);
export const RegisterResponse = Type.Object({ userId: Type.String(), token: Type.String() });
