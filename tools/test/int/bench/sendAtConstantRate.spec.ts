/**
 * The load generator against a local HTTP server: every answer counted by status (429 with and without
 * Retry-After, no answer), and open loop — it sends on schedule even while nothing has been answered.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { sendAtConstantRate, type LoadRequest } from '../../../src/load/sendAtConstantRate.ts';

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const requestsTo = (url: string, count: number): LoadRequest[] =>
  Array.from({ length: count }, (_, i) => ({
    url: `${url}/p`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ i }),
  }));
const bodyOf = async (request: AsyncIterable<Buffer>): Promise<{ i: number }> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString()) as { i: number };
};

describe('tools: constant-rate load generator (int)', function () {
  this.timeout(60_000);
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('counts every answer by status, 429s with Retry-After apart, and a dropped connection as no answer', async () => {
    server = createServer((request, response) => {
      void bodyOf(request).then(({ i }) => {
        if (i === 7) return request.socket.destroy();
        if (i % 5 === 1) return response.writeHead(429, { 'retry-after': '1' }).end();
        if (i === 3) return response.writeHead(429).end();
        response.writeHead(202).end();
      });
    });
    const result = await sendAtConstantRate(requestsTo(await listen(server), 20), {
      ratePerS: 100,
      connectionsMax: 4,
      timeoutMs: 10_000,
    });
    expect(result.sent).to.equal(20);
    expect(result.statusCounts).to.deep.equal({ '0': 1, '202': 14, '429': 5 });
    expect(result.rejected429WithRetryAfter).to.equal(4);
    expect(result.statuses[7]).to.equal(0);
    expect(result.statuses[3]).to.equal(429);
    expect(result.statuses[0]).to.equal(202);
  });

  it('keeps sending on schedule while earlier requests are still unanswered (open loop)', async () => {
    const held: Array<() => void> = [];
    server = createServer((request, response) => {
      void bodyOf(request).then(() => {
        held.push(() => response.writeHead(202).end());
        // Nothing is answered until every request has arrived: a closed-loop sender would wait forever.
        if (held.length === 12) for (const answer of held) answer();
      });
    });
    const result = await sendAtConstantRate(requestsTo(await listen(server), 12), {
      ratePerS: 40,
      connectionsMax: 16,
      timeoutMs: 30_000,
    });
    expect(result.statusCounts).to.deep.equal({ '202': 12 });
  });
});
