/** HTTP schemas of the payees slice (closed objects; validated by fastify's Ajv, published at /docs). */
import { Type } from 'typebox';

export const ValidateBody = Type.Object(
  { vpa: Type.String({ minLength: 1, maxLength: 255 }) },
  { additionalProperties: false },
);
export const ValidateResponse = Type.Object({ vpa: Type.String(), name: Type.String(), ifsc: Type.String() });
