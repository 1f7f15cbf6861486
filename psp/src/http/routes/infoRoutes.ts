import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

const InfoResponse = Type.Object({
  participant: Type.String(),
  handle: Type.String(),
  txnPrefix: Type.String(),
});

export type InfoDeps = { participant: string; handle: string; txnPrefix: string };

/** GET /v1/info (public): who this PSP is — the client needs the txn-id prefix to generate txn ids. */
export const infoRoutes =
  (deps: InfoDeps) =>
  async (app: FastifyInstance): Promise<void> => {
    app.get(
      '/v1/info',
      {
        schema: {
          tags: ['ops'],
          summary: "This PSP's participant id, VPA handle and txn-id prefix",
          security: [],
          response: { 200: InfoResponse },
        },
      },
      async () => ({ participant: deps.participant, handle: deps.handle, txnPrefix: deps.txnPrefix }),
    );
  };
