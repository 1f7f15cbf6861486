import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PspError } from '../../errors.ts';
import type { StatusHub } from '../../runtime/statusHub.ts';
import { userOf } from '../auth.ts';

export type WsDeps = { hub: StatusHub; wsConnectionsPerUserMax: number; wsPingIntervalMs: number };

/** Close code for "try again later" (RFC 6455 §7.4.1, 1013). */
const TRY_AGAIN_LATER = 1013;

/**
 * GET /v1/ws: the user's live payment updates. Authenticated on connect (same headers as every user
 * endpoint: buildApp registers it behind `authenticate`); beyond wsConnectionsPerUserMax the upgrade is refused with 429. Each status change of a
 * payment of this user — as payer or payee — arrives as JSON `{ event: 'payment.status', txnId, status,
 * errCode, … }`; the first frame is `{ event: 'ready' }` once the subscription is in place.
 */
export const wsRoutes =
  (deps: WsDeps) =>
  async (app: FastifyInstance): Promise<void> => {
    const limitConnections = async (request: FastifyRequest): Promise<void> => {
      const userId = userOf(request).userId;
      if (deps.hub.connections(userId) >= deps.wsConnectionsPerUserMax) {
        throw new PspError(
          'PSP_ERR_TOO_MANY_CONNECTIONS',
          `at most ${deps.wsConnectionsPerUserMax} connections per user`,
          { retryAfterSeconds: 5 },
        );
      }
    };
    app.route({
      method: 'GET',
      url: '/v1/ws',
      preValidation: limitConnections,
      schema: { tags: ['payments'], summary: 'WebSocket: live payment status updates (upgrade)' },
      handler: async () => {
        throw new PspError('PSP_ERR_UPGRADE_REQUIRED', 'this endpoint speaks WebSocket only');
      },
      wsHandler: (socket, request) => {
        const userId = userOf(request).userId;
        if (!deps.hub.add(userId, socket)) {
          // lost a race for the last slot, or the process is full
          socket.close(TRY_AGAIN_LATER, 'too many connections');
          return;
        }
        // Heartbeat: a peer that vanished without closing (no pong since the last ping) loses its slot.
        let alive = true;
        socket.on('pong', () => {
          alive = true;
        });
        const heartbeat = setInterval(() => {
          if (!alive) {
            socket.terminate();
            return;
          }
          alive = false;
          socket.ping();
        }, deps.wsPingIntervalMs);
        heartbeat.unref();
        socket.on('close', () => {
          clearInterval(heartbeat);
          deps.hub.remove(userId, socket);
        });
        socket.on('message', () => undefined); // the channel is one-way; client frames are ignored
        socket.send(JSON.stringify({ event: 'ready', userId }));
      },
    });
  };
