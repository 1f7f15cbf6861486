/**
 * HTTP schemas shared by several slices (each slice keeps its own in <feature>Schemas.ts): validated by
 * fastify's Ajv, published at /docs. Closed objects only.
 */
import { Type } from 'typebox';

export const ErrorResponse = Type.Object({
  code: Type.String({ description: 'stable error code, PSP_ERR_…' }),
  message: Type.String(),
  requestId: Type.String(),
  upiCode: Type.Optional(Type.String({ description: 'the UPI code behind an upstream decline' })),
});

/** The sealed PIN block: base64url, opaque to the PSP. */
export const CredsData = Type.String({ minLength: 1, maxLength: 2048, pattern: '^[A-Za-z0-9_-]+$' });
