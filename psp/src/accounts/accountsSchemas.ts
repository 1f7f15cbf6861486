/** HTTP schemas of the accounts slice (closed objects; validated by fastify's Ajv, published at /docs). */
import { Type } from 'typebox';
import { Ifsc } from '@switchyard/contracts';

export const DiscoverBody = Type.Object({ ifsc: Ifsc }, { additionalProperties: false });
const AccountView = Type.Object({
  acNum: Type.String(),
  ifsc: Type.String(),
  name: Type.String(),
  acType: Type.String(),
  pinSet: Type.Boolean(),
});
export const AccountsResponse = Type.Object({ accounts: Type.Array(AccountView) });
