import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { VpaRecord } from '../domain/types.ts';
import { userOf } from '../http/auth.ts';
import { ErrorResponse } from '../http/schemas.ts';
import { createVpa, type CreateVpaDeps } from './createVpa.ts';
import { listVpas, type ListVpasDeps } from './listVpas.ts';
import { CreateVpaBody, VpaView, VpasResponse } from './vpasSchemas.ts';

export type VpasDeps = CreateVpaDeps & ListVpasDeps;

const vpaView = (v: VpaRecord) => ({
  vpa: v.vpa,
  acNum: v.acNum,
  ifsc: v.ifsc,
  name: v.accountName,
  createdAt: v.createdAt.toISOString(),
});

/**
 * POST /v1/vpas (create on a discovered account) and GET /v1/vpas (the user's). User endpoints: buildApp
 * registers them behind `authenticate`.
 */
export const vpasRoutes =
  (deps: VpasDeps) =>
  async (app: FastifyInstance): Promise<void> => {
    const typed = app.withTypeProvider<TypeBoxTypeProvider>();
    typed.post(
      '/v1/vpas',
      {
        schema: {
          tags: ['vpas'],
          summary: 'Create a VPA on a discovered account',
          body: CreateVpaBody,
          response: { 201: VpaView, 400: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
        },
      },
      async (request, reply) => {
        const created = await createVpa(deps, { userId: userOf(request).userId, ...request.body });
        return reply.code(201).send(vpaView(created));
      },
    );
    typed.get(
      '/v1/vpas',
      { schema: { tags: ['vpas'], summary: "The user's VPAs", response: { 200: VpasResponse } } },
      async (request) => ({ vpas: (await listVpas(deps, { userId: userOf(request).userId })).map(vpaView) }),
    );
  };
