/**
 * The chassis's request lines: one line per request, when it completed; a request concerning a payment
 * (a txnId route parameter or body field) writes every line — the completion, an error answer, the
 * handler's own — with the txn id as correlationId; routine reads (health, scrapes, polled views) are
 * debug lines.
 */
import { Writable } from 'node:stream';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { buildServiceApp } from '../../src/http/buildServiceApp.ts';
import { ServiceError } from '../../src/runtime/serviceError.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { createTestDatabase, type TestDatabase } from '../../src/testing/testDatabase.ts';
import { createDb } from '../../src/postgres/db.ts';
import { sql } from 'slonik';

type Line = Record<string, unknown> & { msg: string; level: number };
const TXN = 'ZAP0123456789ABCDEFGHIJKLMNOPQRSTUV';

describe('infra: request log lines carry the payment they concern', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const lines: Line[] = [];

  before(async () => {
    database = await createTestDatabase([]);
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const text of chunk.toString('utf8').split('\n')) if (text) lines.push(JSON.parse(text) as Line);
        done();
      },
    });
    app = await buildServiceApp({
      participant: 'test',
      log: createLogger({ name: 'test', level: 'debug', destination }),
      limits: {
        bodySizeMax: 10_000,
        requestTimeoutMs: 5_000,
        connectionTimeoutMs: 5_000,
        keepAliveTimeoutMs: 5_000,
      },
      errors: {
        statusOf: { TEST_ERR_NOT_FOUND: 404 },
        codes: {
          badRequest: 'TEST_ERR_BAD',
          validation: 'TEST_ERR_BAD',
          notFound: 'TEST_ERR_NOT_FOUND',
          internal: 'TEST_ERR_INTERNAL',
          unavailable: 'TEST_ERR_UNAVAILABLE',
          bodyTooLarge: 'TEST_ERR_BAD',
          unsupportedMediaType: 'TEST_ERR_BAD',
        },
      },
      db: database.db,
    });
    app.get<{ Params: { txnId: string } }>('/v1/payments/:txnId', async (request) => {
      request.log.info('looking the payment up');
      throw new ServiceError('TEST_ERR_NOT_FOUND', `no payment ${request.params.txnId}`);
    });
    // A database nobody listens on (port 1): what a route meets while Postgres is down or restarting.
    app.get('/v1/needs-database', async () => {
      const unreachable = await createDb('postgres://postgres@127.0.0.1:1/none', {
        connectionTimeoutMs: 2_000,
      });
      try {
        return await unreachable.pool.query(sql.unsafe`SELECT 1`);
      } finally {
        await unreachable.end();
      }
    });
    app.get('/v1/bug', async () => {
      throw new Error('a bug');
    });
    app.post<{ Body: { txnId: string } }>('/v1/payments', async (request, reply) => {
      request.log.info('accepting');
      return reply.code(202).send({ txnId: request.body.txnId });
    });
  });
  after(async () => {
    await app?.close();
    await database?.drop();
  });
  beforeEach(() => {
    lines.length = 0;
  });

  it('a payment read by its txn id: every line carries it, one completion line', async () => {
    expect((await app.inject({ method: 'GET', url: `/v1/payments/${TXN}` })).statusCode).to.equal(404);
    expect(lines.map((line) => line.msg)).to.deep.equal([
      'looking the payment up',
      `no payment ${TXN}`,
      'request completed',
    ]);
    for (const line of lines) expect(line.correlationId, line.msg).to.equal(TXN);
    expect(lines.at(-1)).to.deep.include({ res: { statusCode: 404 }, level: 30 });
  });

  it('a payment started with its txn id in the body: every line carries it', async () => {
    const response = await app.inject({ method: 'POST', url: '/v1/payments', payload: { txnId: TXN } });
    expect(response.statusCode).to.equal(202);
    expect(lines.map((line) => [line.msg, line.correlationId])).to.deep.equal([
      ['accepting', TXN],
      ['request completed', TXN],
    ]);
  });

  it('a routine read (a scrape) is one debug line, without a correlationId', async () => {
    await app.inject({ method: 'GET', url: '/metrics' });
    expect(lines.map((line) => [line.msg, line.level, line.correlationId])).to.deep.equal([
      ['request completed', 20, undefined],
    ]);
  });

  it('a database that cannot be reached answers 503 with Retry-After, not 500; a bug stays a 500', async () => {
    const down = await app.inject({ method: 'GET', url: '/v1/needs-database' });
    expect(down.statusCode).to.equal(503);
    expect(down.headers['retry-after']).to.equal('1');
    expect(down.json()).to.include({ code: 'TEST_ERR_UNAVAILABLE' });
    const bug = await app.inject({ method: 'GET', url: '/v1/bug' });
    expect(bug.statusCode).to.equal(500);
    expect(bug.json()).to.include({ code: 'TEST_ERR_INTERNAL', message: 'internal error' });
  });
});
