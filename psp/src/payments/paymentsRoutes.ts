import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { paymentView } from '../domain/paymentView.ts';
import { userOf } from '../http/auth.ts';
import { ErrorResponse } from '../http/schemas.ts';
import { acceptPayment, type AcceptPaymentDeps } from './acceptPayment.ts';
import { checkPayment, type CheckPaymentDeps } from './checkPayment.ts';
import { getPayment, type GetPaymentDeps } from './getPayment.ts';
import { listPayments, type ListPaymentsDeps } from './listPayments.ts';
import {
  IdempotencyHeaders,
  ListQuery,
  PaymentAccepted,
  PaymentCheck,
  PaymentBody,
  PaymentViewSchema,
  PaymentsPage,
  TxnIdParams,
} from './paymentsSchemas.ts';

export type PaymentsDeps = AcceptPaymentDeps & GetPaymentDeps & ListPaymentsDeps & CheckPaymentDeps;

/**
 * Payments: create (202, async), read one (the user's own only: anyone else's is a 404), list newest
 * first, ask for a status check. User endpoints: buildApp registers them behind `authenticate`.
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
    typed.post(
      '/v1/payments/:txnId/check',
      {
        schema: {
          tags: ['payments'],
          summary:
            "Ask the switch for the status of a pending or deemed payment (ReqChkTxn), within NPCI's rules: " +
            'the n-th check no earlier than n × the minimum delay after the payment started, at most 3',
          params: TxnIdParams,
          response: { 200: PaymentCheck, 404: ErrorResponse },
        },
      },
      async (request) => {
        const outcome = await checkPayment(deps, {
          userId: userOf(request).userId,
          txnId: request.params.txnId,
        });
        return {
          payment: paymentView(outcome.payment),
          check: {
            sent: outcome.sent,
            refusedBecause: outcome.reason ?? null,
            checksSent: outcome.payment.statusChecks,
            nextCheckAt: outcome.nextCheckAt?.toISOString() ?? null,
          },
        };
      },
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
