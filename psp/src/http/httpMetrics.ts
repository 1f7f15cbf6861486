/** HTTP request latency by route and status class, recorded in an onResponse hook. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Histogram } from '@prometheus-io/client';
import { metricsRegistry } from '@switchyard/infra';

const httpRequestSeconds = new Histogram({
  name: 'psp_http_request_duration_seconds',
  help: 'HTTP request latency of the PSP API',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

export const recordHttpLatency = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
  httpRequestSeconds.observe(
    {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    },
    reply.elapsedTime / 1000,
  );
};
