/** HTTP schemas of the PIN slice (closed objects; validated by fastify's Ajv, published at /docs). */
import { Type } from 'typebox';
import { CredsData } from '../http/schemas.ts';

const closed = { additionalProperties: false } as const;

export const VpaParams = Type.Object({ vpa: Type.String({ minLength: 1, maxLength: 255 }) }, closed);
export const SetPinBody = Type.Object(
  {
    creds: Type.Object(
      { type: Type.Union([Type.Literal('PIN_SET'), Type.Literal('PIN_CHANGE')]), data: CredsData },
      closed,
    ),
  },
  closed,
);
export const SetPinResponse = Type.Object({ vpa: Type.String(), result: Type.Literal('SUCCESS') });
