/** HTTP schemas of the VPAs slice (closed objects; validated by fastify's Ajv, published at /docs). */
import { Type } from 'typebox';
import { AccountNumber, Ifsc } from '@switchyard/contracts';

export const CreateVpaBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 256 }), acNum: AccountNumber, ifsc: Ifsc },
  { additionalProperties: false },
);
export const VpaView = Type.Object({
  vpa: Type.String(),
  acNum: Type.String(),
  ifsc: Type.String(),
  name: Type.String(),
  createdAt: Type.String(),
});
export const VpasResponse = Type.Object({ vpas: Type.Array(VpaView) });
