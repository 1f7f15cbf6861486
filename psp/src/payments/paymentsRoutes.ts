import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { paymentView } from '../domain/paymentView.ts';
import { userOf } from '../http/auth.ts';
import { ErrorResponse } from '../http/schemas.ts';
import { acceptPayment, type AcceptPaymentDeps } from './acceptPayment.ts';
import { getPayment, type GetPaymentDeps } from './getPayment.ts';
import { listPayments, type ListPaymentsDeps } from './listPayments.ts';
import {
  IdempotencyHeaders,
  ListQuery,
  PaymentAccepted,
  PaymentBody,
  PaymentViewSchema,
  PaymentsPage,
  TxnIdParams,
} from './paymentsSchemas.ts';

export type PaymentsDeps = AcceptPaymentDeps & GetPaymentDeps & ListPaymentsDeps;

/**
 * Payments: create (202, async), read one (the user's own only: anyone else's is a 404), list newest
 * first. User endpoints: buildApp registers them behind `authenticate`.
 */
export const paymentsRoutes =
  (deps: PaymentsDeps) =>
  async (app: FastifyInstance): Promise<void> => {
    const typed = app.withTypeProvider<TypeBoxTypeProvider>();
    typed.post(
      '/v1/payments',
      {
        schema: {
          tags: ['payments'],
          summary: 'Start a push payment (ReqPay PAY); answers 202 at once',
          headers: IdempotencyHeaders,
          body: PaymentBody,
          response: {
            202: PaymentAccepted,
            400: ErrorResponse,
            409: ErrorResponse,
            422: ErrorResponse,
            429: ErrorResponse,
          },
        },
      },
      async (request, reply) => {
        const answer = await acceptPayment(deps, {
          user: userOf(request),
          idempotencyKey: request.headers['idempotency-key'],
          request: request.body,
        });
        if (answer.replayed) void reply.header('idempotent-replayed', 'true');
        return reply.code(answer.statusCode as 202).send(answer.body as { txnId: string; status: 'PENDING' });
      },
    );
    typed.get(
      '/v1/payments/:txnId',
      {
        schema: {
          tags: ['payments'],
          summary: 'A payment of the user',
          params: TxnIdParams,
          response: { 200: PaymentViewSchema, 404: ErrorResponse },
        },
      },
      async (request) =>
        paymentView(await getPayment(deps, { userId: userOf(request).userId, txnId: request.params.txnId })),
    );
    typed.get(
      '/v1/payments',
      {
        schema: {
          tags: ['payments'],
          summary: "The user's payments (as payer or payee), newest first",
          querystring: ListQuery,
          response: { 200: PaymentsPage, 400: ErrorResponse },
        },
      },
      async (request) => {
        const { limit, cursor } = request.query;
        const page = await listPayments(deps, {
          userId: userOf(request).userId,
          limit: limit === undefined ? undefined : Number(limit),
          cursor,
        });
        return { payments: page.payments.map(paymentView), nextCursor: page.nextCursor };
      },
    );
  };
