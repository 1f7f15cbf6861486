import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { paymentView } from '../../domain/paymentView.ts';
import type { PaymentRole } from '../../domain/types.ts';
import { findPaymentForUser, listPaymentsForUser, type PageCursor } from '../../db/paymentsDb.ts';
import { PspError } from '../../errors.ts';
import { acceptPayment } from '../acceptPayment.ts';
import type { AppDeps } from '../appDeps.ts';
import { authenticate, userOf } from '../auth.ts';
import {
  ErrorResponse,
  IdempotencyHeaders,
  ListQuery,
  PaymentAccepted,
  PaymentBody,
  PaymentViewSchema,
  PaymentsPage,
  TxnIdParams,
} from '../schemas.ts';

const PAGE_SIZE_DEFAULT = 20;

const encodeCursor = (c: PageCursor): string =>
  Buffer.from(JSON.stringify([c.createdAt.toISOString(), c.txnId, c.role])).toString('base64url');

const decodeCursor = (text: string): PageCursor => {
  try {
    const [createdAt, txnId, role] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [
      string,
      string,
      PaymentRole,
    ];
    const date = new Date(createdAt);
    if (Number.isNaN(date.getTime()) || typeof txnId !== 'string' || (role !== 'PAYER' && role !== 'PAYEE'))
      throw new Error('shape');
    return { createdAt: date, txnId, role };
  } catch (error) {
    throw new PspError('PSP_ERR_VALIDATION', 'querystring/cursor is not a cursor this API returned', {
      cause: error,
    });
  }
};

/** Payments: create (202, async), read one (the user's own only: anyone else's is a 404), list newest first. */
export const paymentsRoutes =
  (deps: AppDeps) =>
  async (app: FastifyInstance): Promise<void> => {
    const typed = app.withTypeProvider<TypeBoxTypeProvider>();
    const auth = authenticate({ db: deps.db });
    const accept = acceptPayment(deps);

    typed.post(
      '/v1/payments',
      {
        onRequest: auth,
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
        const answer = await accept(userOf(request), request.headers['idempotency-key'], request.body);
        if (answer.replayed) void reply.header('idempotent-replayed', 'true');
        return reply.code(answer.statusCode as 202).send(answer.body as { txnId: string; status: 'PENDING' });
      },
    );

    typed.get(
      '/v1/payments/:txnId',
      {
        onRequest: auth,
        schema: {
          tags: ['payments'],
          summary: 'A payment of the user',
          params: TxnIdParams,
          response: { 200: PaymentViewSchema, 404: ErrorResponse },
        },
      },
      async (request) => {
        const payment = await findPaymentForUser(deps.db.pool, request.params.txnId, userOf(request).userId);
        if (!payment) throw new PspError('PSP_ERR_NOT_FOUND', `no payment ${request.params.txnId}`);
        return paymentView(payment);
      },
    );

    typed.get(
      '/v1/payments',
      {
        onRequest: auth,
        schema: {
          tags: ['payments'],
          summary: "The user's payments (as payer or payee), newest first",
          querystring: ListQuery,
          response: { 200: PaymentsPage, 400: ErrorResponse },
        },
      },
      async (request) => {
        const limit = Math.min(
          Number(request.query.limit ?? PAGE_SIZE_DEFAULT),
          deps.limits.paymentsPageSizeMax,
        );
        const after = request.query.cursor === undefined ? undefined : decodeCursor(request.query.cursor);
        const payments = await listPaymentsForUser(deps.db.pool, userOf(request).userId, limit, after);
        const last = payments.at(-1);
        return {
          payments: payments.map(paymentView),
          nextCursor: payments.length === limit && last ? encodeCursor(last) : null,
        };
      },
    );
  };
