/**
 * Operator views of payments: GET /v1/payments (the newest, one line each), GET /v1/payments/:txnId (state,
 * codes, legs, events), GET /v1/payments/:txnId/journey (hops with time and ms since start), GET /v1/stats,
 * GET /v1/leg-totals.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { TxnId } from '@switchyard/contracts';
import { operatorKeyHook } from '@switchyard/infra';
import { finalAnswerOf } from '../../domain/finalAnswerOf.ts';
import { journeyOf } from '../../domain/journeyOf.ts';
import { paymentLineOf } from '../../domain/paymentLineOf.ts';
import { paymentLegTotals } from '../../db/paymentLegTotals.ts';
import { findPaymentWithEvents } from '../../db/paymentsDb.ts';
import { recentPayments } from '../../db/recentPayments.ts';
import { paymentStats } from '../../db/statsDb.ts';
import { SwitchError } from '../../errors.ts';
import type { AppDeps } from '../app.ts';

const Params = Type.Object({ txnId: TxnId }, { additionalProperties: false });
type Params = Static<typeof Params>;
const RECENT_LIMIT_MAX = 200;
const RecentQuery = Type.Object(
  { limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$' })) },
  { additionalProperties: false },
);
type RecentQuery = Static<typeof RecentQuery>;

export const paymentsRoutes =
  (deps: AppDeps) =>
  async (app: FastifyInstance): Promise<void> => {
    app.addHook(
      'onRequest',
      operatorKeyHook(
        deps.operatorKey,
        () => new SwitchError('SWITCH_ERR_UNAUTHORISED', 'X-Operator-Key required'),
      ),
    );

    const load = async (txnId: string) => {
      const { stored, events } = await findPaymentWithEvents(deps.db.pool, txnId);
      if (stored.state.status === 'NEW') throw new SwitchError('SWITCH_ERR_NOT_FOUND', `no payment ${txnId}`);
      return { state: stored.state, events };
    };

    app.get<{ Querystring: RecentQuery }>(
      '/v1/payments',
      { schema: { querystring: RecentQuery } },
      async (request) => {
        const limit = Math.min(Number(request.query.limit ?? 50), RECENT_LIMIT_MAX);
        const recent = await recentPayments(deps.db.pool, limit);
        return { payments: recent.map((stored) => paymentLineOf(stored.state)) };
      },
    );

    app.get<{ Params: Params }>('/v1/payments/:txnId', { schema: { params: Params } }, async (request) => {
      const { state, events } = await load(request.params.txnId);
      const final = 'final' in state ? state.final : undefined;
      return {
        txnId: state.payment.txnId,
        status: state.status,
        final: final === undefined ? null : { ...final, ...finalAnswerOf(state.payment, final) },
        payment: state.payment,
        events,
      };
    });

    app.get<{ Params: Params }>(
      '/v1/payments/:txnId/journey',
      { schema: { params: Params } },
      async (request) => {
        const { state, events } = await load(request.params.txnId);
        return { txnId: request.params.txnId, status: state.status, hops: journeyOf(events) };
      },
    );

    app.get('/v1/stats', async () => paymentStats(deps.db.pool));

    app.get('/v1/leg-totals', async () => paymentLegTotals(deps.db.pool));
  };
