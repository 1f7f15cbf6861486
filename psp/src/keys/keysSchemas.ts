/** HTTP schemas of the keys slice (closed objects; validated by fastify's Ajv, published at /docs). */
import { Type } from 'typebox';
import { Ifsc } from '@switchyard/contracts';

export const BankKeyParams = Type.Object({ ifsc: Ifsc }, { additionalProperties: false });
export const BankKeyResponse = Type.Object({
  participant: Type.String(),
  keyId: Type.String(),
  boxPublicKey: Type.String({ description: 'base64' }),
  signPublicKey: Type.String({ description: 'base64' }),
  createdAt: Type.String(),
});
